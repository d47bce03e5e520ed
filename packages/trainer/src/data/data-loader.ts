/**
 * Batches of examples in a seeded order, epoch after epoch, with a cursor that can be
 * saved and restored — so a resumed run sees exactly the batches the uninterrupted run
 * would have seen.
 *
 *   import { DataLoader } from '@llm/trainer';
 *   const loader = new DataLoader(blocks, { batchSize: 8, seed: 0 });
 *   const batch = loader.next();           // 8 examples; the next epoch starts (reshuffled) when one runs out
 *   const cursor = loader.getState();      // { epoch, position }: save it with a checkpoint
 *   loader.setState(cursor);
 *
 * Each epoch's order is a Fisher–Yates shuffle from its own generator, seeded by (seed,
 * epoch): it is recomputed on resume, never stored.
 */
import { Rng } from '@llm/tensor-core';

export interface DataLoaderOptions {
  readonly batchSize: number;
  /** Reshuffle every epoch (default true); false keeps the given order. */
  readonly shuffle?: boolean;
  /** Seed of the shuffles (default 0). */
  readonly seed?: number;
  /** Drop a last batch smaller than batchSize (default false). */
  readonly dropLast?: boolean;
}

/** Where a loader stands: the epoch and the index of the next example in that epoch's order. */
export interface DataCursor {
  readonly epoch: number;
  readonly position: number;
}

/** What `train()` reads examples from. */
export interface DataSource<E> {
  /** The next batch of examples (never empty). */
  next(): E[];
  /** Batches in one pass over the data (for epochs → steps). */
  readonly batchesPerEpoch: number;
  getState(): DataCursor;
  setState(state: DataCursor): void;
}

export class DataLoader<E> implements DataSource<E> {
  readonly batchSize: number;
  private readonly shuffle: boolean;
  private readonly seed: number;
  private readonly dropLast: boolean;
  private epoch = 0;
  private position = 0;
  private order: Int32Array | null = null;

  constructor(
    private readonly examples: readonly E[],
    options: DataLoaderOptions,
  ) {
    const { batchSize, shuffle = true, seed = 0, dropLast = false } = options;
    if (!(Number.isInteger(batchSize) && batchSize > 0))
      throw new RangeError(`DataLoader: batchSize must be a positive integer, got ${batchSize}`);
    if (examples.length === 0) throw new RangeError('DataLoader: no examples');
    if (dropLast && examples.length < batchSize)
      throw new RangeError(
        `DataLoader: ${examples.length} examples make no full batch of ${batchSize} (dropLast)`,
      );
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.seed = seed;
    this.dropLast = dropLast;
  }

  get batchesPerEpoch(): number {
    const n = this.examples.length / this.batchSize;
    return this.dropLast ? Math.floor(n) : Math.ceil(n);
  }

  next(): E[] {
    const n = this.examples.length;
    const left = n - this.position;
    if (left <= 0 || (this.dropLast && left < this.batchSize)) {
      this.epoch++;
      this.position = 0;
      this.order = null;
    }
    const order = this.orderOf(this.epoch);
    const end = Math.min(n, this.position + this.batchSize);
    const batch: E[] = [];
    for (let i = this.position; i < end; i++) batch.push(this.examples[order[i]!]!);
    this.position = end;
    return batch;
  }

  getState(): DataCursor {
    return { epoch: this.epoch, position: this.position };
  }

  setState(state: DataCursor): void {
    const { epoch, position } = state;
    if (!(Number.isInteger(epoch) && epoch >= 0 && Number.isInteger(position) && position >= 0))
      throw new RangeError(`DataLoader: bad cursor ${JSON.stringify(state)}`);
    if (position > this.examples.length)
      throw new RangeError(
        `DataLoader: cursor position ${position} is past the ${this.examples.length} examples (different data?)`,
      );
    this.epoch = epoch;
    this.position = position;
    this.order = null;
  }

  private orderOf(epoch: number): Int32Array {
    if (this.order) return this.order;
    const order = new Int32Array(this.examples.length);
    for (let i = 0; i < order.length; i++) order[i] = i;
    if (this.shuffle) {
      const rng = new Rng(this.seed * 1_000_003 + epoch);
      for (let i = order.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        const t = order[i]!;
        order[i] = order[j]!;
        order[j] = t;
      }
    }
    this.order = order;
    return order;
  }
}
