/**
 * Swaps two axes (the last two by default), as a copy.
 *
 *   transpose(randn([2, 3, 4])).shape;   // [2, 4, 3]
 */
import { type OpCheck, rand } from '../op-kit/check.js';
import { normAxis } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { permute } from './permute.js';

export function transpose(x: Tensor, axis0 = -2, axis1 = -1): Tensor {
  const a = normAxis('transpose', axis0, x.ndim);
  const b = normAxis('transpose', axis1, x.ndim);
  const order = [...Array(x.ndim).keys()];
  order[a] = b;
  order[b] = a;
  return permute(x, order);
}

export const transposeChecks: OpCheck[] = [
  { name: 'transpose', inputs: (r) => [rand(r, [2, 3, 4])], run: (x) => transpose(x, 0, 2) },
];
