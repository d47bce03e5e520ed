/**
 * Splits along an axis into pieces of `size` (the last may be smaller) or of the listed
 * sizes, as torch.split.
 *
 *   split(arange(5), 2).map((t) => t.toArray());   // [[0, 1], [2, 3], [4]]
 *   const [q, k, v] = split(qkv, [C, C, C], -1);
 */
import { type OpCheck, rand } from '../op-kit/check.js';
import { normAxis, ShapeError } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { concat } from './concat.js';
import { slice } from './slice.js';

export function split(x: Tensor, sizes: number | readonly number[], axis = 0): Tensor[] {
  const a = normAxis('split', axis, x.ndim);
  const len = x.shape[a]!;
  let pieces: number[];
  if (typeof sizes === 'number') {
    if (!Number.isInteger(sizes) || sizes <= 0)
      throw new ShapeError(`split: size must be a positive integer, got ${sizes}`);
    pieces = [];
    for (let s = 0; s < len; s += sizes) pieces.push(Math.min(sizes, len - s));
  } else {
    pieces = [...sizes];
    if (pieces.reduce((p, d) => p + d, 0) !== len) {
      throw new ShapeError(
        `split: sizes [${pieces.join(', ')}] do not add up to ${len} along axis ${axis}`,
      );
    }
  }
  let start = 0;
  return pieces.map((size) => {
    const part = slice(x, a, start, start + size);
    start += size;
    return part;
  });
}

export const splitChecks: OpCheck[] = [
  {
    name: 'split (sizes, axis -1)',
    inputs: (r) => [rand(r, [2, 6])],
    run: (x) => {
      const [p, q, s] = split(x, [1, 2, 3], -1);
      return concat([s!, q!.mul(p!), q!], -1);
    },
  },
];
