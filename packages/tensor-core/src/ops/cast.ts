/**
 * Converts to another dtype (float → int32 truncates toward zero, as PyTorch). Between
 * float types the gradient flows back, cast to the input's type.
 *
 *   cast(tensor([1.7, -1.7]), 'int32').toArray();   // [1, -1]
 */
import { record } from '../autograd.js';
import { allocate, type DType } from '../dtype.js';
import { type OpCheck, rand } from '../op-kit/check.js';
import { Tensor } from '../tensor.js';

/** `copy`: return a new buffer even when the dtype already matches (Tensor.clone). */
export function cast(x: Tensor, dtype: DType, copy = false): Tensor {
  if (dtype === x.dtype && !copy) return x;
  const out = allocate(dtype, x.size);
  if (dtype === 'int32' && x.dtype !== 'int32')
    for (let i = 0; i < x.size; i++) out[i] = Math.trunc(x.data[i]!);
  else out.set(x.data);
  const y = new Tensor(out, x.shape);
  if (dtype === 'int32') return y;
  return record(y, 'cast', [x], (g) => [cast(g, x.dtype, g.dtype === x.dtype)]);
}

export const castChecks: OpCheck[] = [
  { name: 'clone', inputs: (r) => [rand(r, [2, 3])], run: (x) => cast(x, 'float64', true) },
];
