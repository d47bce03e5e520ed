/**
 * Sum over the given axes (all when omitted), keeping them as size 1 with `keepdim`.
 *
 *   sum(tensor([[1, 2], [3, 4]]), 1).toArray();   // [3, 7]
 */
import { record } from '../autograd.js';
import { allocate } from '../dtype.js';
import { broadcastTo, reduceToShape } from '../kernels/broadcast.js';
import { type OpCheck, rand } from '../op-kit/check.js';
import { reducedShapes } from '../op-kit/reduce.js';
import { Tensor } from '../tensor.js';

export function sum(x: Tensor, axis?: number | readonly number[], keepdim = false): Tensor {
  const { keep, out } = reducedShapes('sum', x.shape, axis, keepdim);
  // Accumulate in float64: a float32 running sum over many values drifts.
  const acc = new Float64Array(keep.reduce((p, d) => p * d, 1));
  reduceToShape(x.data, x.shape, acc, keep);
  const data = allocate(x.dtype, acc.length);
  data.set(acc);
  return record(new Tensor(data, out), 'sum', [x], (g) => {
    // every input position receives the gradient of the sum it fed
    const gx = allocate(x.dtype, x.size);
    broadcastTo(g.data, keep, gx, x.shape);
    return [new Tensor(gx, x.shape)];
  });
}

export const sumChecks: OpCheck[] = [
  { name: 'sum (all)', inputs: (r) => [rand(r, [3, 4])], run: (x) => sum(x) },
  {
    name: 'sum (axis 1, keepdim)',
    inputs: (r) => [rand(r, [2, 3, 4])],
    run: (x) => sum(x, 1, true),
  },
  { name: 'sum (axes 0 and 2)', inputs: (r) => [rand(r, [2, 3, 4])], run: (x) => sum(x, [0, -1]) },
];
