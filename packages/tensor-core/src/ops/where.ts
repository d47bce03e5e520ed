/**
 * Elementwise choice: condition ? a : b, broadcasting all three (condition is int32 or
 * any dtype, nonzero = true; a or b may be numbers).
 *
 *   where(mask, scores, -1e9);
 */
import { record } from '../autograd.js';
import { allocate, promote } from '../dtype.js';
import { broadcastTo } from '../kernels/broadcast.js';
import { sumTo } from '../op-kit/binary.js';
import { type OpCheck, rand, randInt } from '../op-kit/check.js';
import { broadcastShapes, sizeOf } from '../shape.js';
import { scalarLike, Tensor } from '../tensor.js';

export function where(condition: Tensor, left: Tensor | number, right: Tensor | number): Tensor {
  const like =
    typeof left === 'number' ? (typeof right === 'number' ? condition.to('float32') : right) : left;
  let a = typeof left === 'number' ? scalarLike(left, like) : left;
  let b = typeof right === 'number' ? scalarLike(right, like) : right;
  const dtype = promote(a.dtype, b.dtype);
  a = a.dtype === dtype ? a : a.to(dtype);
  b = b.dtype === dtype ? b : b.to(dtype);
  const shape = broadcastShapes('where', condition.shape, a.shape, b.shape);
  const n = sizeOf(shape);
  const c = new Float64Array(n);
  broadcastTo(condition.data, condition.shape, c, shape);
  const av = allocate(dtype, n);
  const bv = allocate(dtype, n);
  broadcastTo(a.data, a.shape, av, shape);
  broadcastTo(b.data, b.shape, bv, shape);
  const out = allocate(dtype, n);
  for (let i = 0; i < n; i++) out[i] = c[i] !== 0 ? av[i]! : bv[i]!;
  return record(new Tensor(out, shape), 'where', [a, b], (g) => {
    const ga = allocate(dtype, n);
    const gb = allocate(dtype, n);
    for (let i = 0; i < n; i++) {
      if (c[i] !== 0) ga[i] = g.data[i]!;
      else gb[i] = g.data[i]!;
    }
    return [sumTo(new Tensor(ga, shape), a.shape), sumTo(new Tensor(gb, shape), b.shape)];
  });
}

export const whereChecks: OpCheck[] = [
  {
    name: 'where (broadcast)',
    inputs: (r) => [randInt(r, [3, 4], 2), rand(r, [3, 4]), rand(r, [4])],
    run: (c, a, b) => where(c, a, b),
  },
];
