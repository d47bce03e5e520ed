/**
 * Maximum over the given axes (all when omitted). The gradient goes to the first
 * position holding the maximum.
 *
 *   max(tensor([[1, 5], [7, 2]]), 1).toArray();   // [5, 7]
 */
import { record } from '../autograd.js';
import { allocate } from '../dtype.js';
import { forEachReduced } from '../kernels/broadcast.js';
import { type OpCheck, rand } from '../op-kit/check.js';
import { reducedShapes } from '../op-kit/reduce.js';
import { ShapeError } from '../shape.js';
import { Tensor } from '../tensor.js';

export function max(x: Tensor, axis?: number | readonly number[], keepdim = false): Tensor {
  if (x.size === 0) throw new ShapeError('max: of an empty tensor');
  const { keep, out } = reducedShapes('max', x.shape, axis, keepdim);
  const n = keep.reduce((p, d) => p * d, 1);
  const best = allocate(x.dtype, n).fill(Number.NEGATIVE_INFINITY);
  const where = new Int32Array(n).fill(-1);
  const xs = x.data;
  forEachReduced(x.shape, keep, (i, o) => {
    const v = xs[i]!;
    // NaN wins, as in PyTorch; otherwise the first maximum is kept
    if (where[o] === -1 || v > best[o]! || (Number.isNaN(v) && !Number.isNaN(best[o]!))) {
      best[o] = v;
      where[o] = i;
    }
  });
  return record(new Tensor(best, out), 'max', [x], (g) => {
    const gx = allocate(x.dtype, x.size);
    for (let o = 0; o < n; o++) gx[where[o]!] = g.data[o]!;
    return [new Tensor(gx, x.shape)];
  });
}

export const maxChecks: OpCheck[] = [
  { name: 'max (all)', inputs: (r) => [rand(r, [3, 4])], run: (x) => max(x) },
  { name: 'max (axis 0)', inputs: (r) => [rand(r, [4, 3])], run: (x) => max(x, 0) },
];
