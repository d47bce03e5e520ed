/**
 * Mean over the given axes (all when omitted).
 *
 *   mean(tensor([[1, 2], [3, 4]]), 0).toArray();   // [2, 3]
 */
import { type OpCheck, rand } from '../op-kit/check.js';
import { reducedShapes } from '../op-kit/reduce.js';
import type { Tensor } from '../tensor.js';
import { div } from './div.js';
import { sum } from './sum.js';

export function mean(x: Tensor, axis?: number | readonly number[], keepdim = false): Tensor {
  const { count } = reducedShapes('mean', x.shape, axis, keepdim);
  return div(sum(x.dtype === 'int32' ? x.to('float32') : x, axis, keepdim), count);
}

export const meanChecks: OpCheck[] = [
  { name: 'mean (all)', inputs: (r) => [rand(r, [3, 4])], run: (x) => mean(x) },
  { name: 'mean (last axis)', inputs: (r) => [rand(r, [2, 3, 4])], run: (x) => mean(x, -1) },
];
