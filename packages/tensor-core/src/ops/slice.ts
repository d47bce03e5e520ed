/**
 * The range [start, end) of one axis (like torch.narrow / Python slicing: negative
 * indices count from the end, out-of-range bounds clamp). A copy.
 *
 *   slice(tensor([[1, 2, 3], [4, 5, 6]]), 1, 1).toArray();      // [[2, 3], [5, 6]]
 *   slice(x, 0, -2);                                            // the last two rows
 */
import { record } from '../autograd.js';
import { allocate } from '../dtype.js';
import { type OpCheck, rand } from '../op-kit/check.js';
import { normAxis } from '../shape.js';
import { Tensor } from '../tensor.js';

export function slice(x: Tensor, axis: number, start: number, end?: number): Tensor {
  const a = normAxis('slice', axis, x.ndim);
  const len = x.shape[a]!;
  const clamp = (i: number) => Math.min(len, Math.max(0, i < 0 ? i + len : i));
  const lo = clamp(start);
  const hi = Math.max(lo, end === undefined ? len : clamp(end));
  if (lo === 0 && hi === len) return x;
  const outer = x.shape.slice(0, a).reduce((p, d) => p * d, 1);
  const inner = x.shape.slice(a + 1).reduce((p, d) => p * d, 1);
  const shape = [...x.shape];
  shape[a] = hi - lo;
  const out = allocate(x.dtype, outer * (hi - lo) * inner);
  const block = (hi - lo) * inner;
  for (let o = 0; o < outer; o++) {
    const from = (o * len + lo) * inner;
    out.set(x.data.subarray(from, from + block), o * block);
  }
  return record(new Tensor(out, shape), 'slice', [x], (g) => {
    const gx = allocate(x.dtype, x.size);
    for (let o = 0; o < outer; o++)
      gx.set(g.data.subarray(o * block, (o + 1) * block), (o * len + lo) * inner);
    return [new Tensor(gx, x.shape)];
  });
}

export const sliceChecks: OpCheck[] = [
  {
    name: 'slice (middle axis)',
    inputs: (r) => [rand(r, [2, 5, 3])],
    run: (x) => slice(x, 1, 1, 4),
  },
  { name: 'slice (negative start)', inputs: (r) => [rand(r, [6, 2])], run: (x) => slice(x, 0, -2) },
];
