/**
 * Pads sequences of different lengths into one [B, T] batch with an attention mask.
 *
 *   import { padBatch } from '@llm/trainer';
 *   const { ids, attentionMask, lengths } = padBatch([Int32Array.of(1, 2, 3), Int32Array.of(4)], { padId: 0 });
 *   ids.toArray();             // [[1, 2, 3], [4, 0, 0]]
 *   attentionMask.toArray();   // [[1, 1, 1], [1, 0, 0]]
 */
import { type Tensor, tensor } from '@llm/tensor-core';

export interface PadOptions {
  readonly padId: number;
  /** Pad to this length (default: the longest sequence); longer sequences are an error. */
  readonly length?: number;
  /** Round the padded length up to a multiple of this (default 1). */
  readonly multipleOf?: number;
  /** Where padding goes (default 'right'). */
  readonly side?: 'left' | 'right';
}

export interface PaddedBatch {
  /** [B, T] int32 token ids. */
  readonly ids: Tensor;
  /** [B, T] int32: 1 on tokens, 0 on padding. */
  readonly attentionMask: Tensor;
  /** The unpadded length of each row. */
  readonly lengths: readonly number[];
}

export function padBatch(
  sequences: readonly ArrayLike<number>[],
  options: PadOptions,
): PaddedBatch {
  const { padId, multipleOf = 1, side = 'right' } = options;
  if (sequences.length === 0) throw new RangeError('padBatch: no sequences');
  const longest = Math.max(...sequences.map((s) => s.length));
  const target = options.length ?? longest;
  if (longest > target)
    throw new RangeError(`padBatch: a sequence of ${longest} tokens does not fit length ${target}`);
  const T = Math.max(1, Math.ceil(target / multipleOf) * multipleOf);
  const B = sequences.length;
  const ids = new Int32Array(B * T).fill(padId);
  const mask = new Int32Array(B * T);
  sequences.forEach((seq, b) => {
    const offset = b * T + (side === 'left' ? T - seq.length : 0);
    for (let t = 0; t < seq.length; t++) {
      ids[offset + t] = seq[t]!;
      mask[offset + t] = 1;
    }
  });
  return {
    ids: tensor(ids, [B, T]),
    attentionMask: tensor(mask, [B, T]),
    lengths: sequences.map((s) => s.length),
  };
}
