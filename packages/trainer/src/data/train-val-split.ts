/**
 * A seeded train / validation split: the same seed always holds out the same examples.
 *
 *   import { trainValSplit } from '@llm/trainer';
 *   const { train, validation } = trainValSplit(blocks, { validationFraction: 0.1, seed: 0 });
 */
import { Rng } from '@llm/tensor-core';

export interface SplitOptions {
  /** Share of the examples held out, in (0, 1). At least one goes each way. */
  readonly validationFraction: number;
  readonly seed?: number;
}

export function trainValSplit<E>(
  examples: readonly E[],
  options: SplitOptions,
): { train: E[]; validation: E[] } {
  const { validationFraction: f, seed = 0 } = options;
  if (!(f > 0 && f < 1))
    throw new RangeError(`trainValSplit: validationFraction must be in (0, 1), got ${f}`);
  if (examples.length < 2) throw new RangeError('trainValSplit: needs at least 2 examples');
  const order = new Rng(seed).shuffle([...examples.keys()]);
  const held = Math.min(examples.length - 1, Math.max(1, Math.round(examples.length * f)));
  // keep each side in the original order: only membership is random
  const heldOut = new Set(order.slice(0, held));
  const train: E[] = [];
  const validation: E[] = [];
  examples.forEach((e, i) => {
    (heldOut.has(i) ? validation : train).push(e);
  });
  return { train, validation };
}
