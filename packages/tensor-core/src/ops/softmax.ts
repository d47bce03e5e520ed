/**
 * Softmax along an axis (the last by default), stable for any input.
 *
 *   softmax(tensor([[1, 2, 3]])).toArray();   // [[0.090, 0.245, 0.665]]
 */
import { record } from '../autograd.js';
import { getBackend } from '../backend.js';
import { allocate, type FloatArray } from '../dtype.js';
import { softmaxRows } from '../kernels/softmax.js';
import { type OpCheck, rand } from '../op-kit/check.js';
import { alongAxis } from '../op-kit/last-axis.js';
import { Tensor } from '../tensor.js';

export function softmax(x: Tensor, axis = -1): Tensor {
  return alongAxis('softmax', x.dtype === 'int32' ? x.to('float32') : x, axis, softmaxLast);
}

function softmaxLast(x: Tensor): Tensor {
  const cols = x.shape[x.ndim - 1] ?? 1;
  const rows = cols === 0 ? 0 : x.size / cols;
  const xs = x.data as FloatArray;
  const y = allocate(x.dtype, x.size) as FloatArray;
  if (!getBackend().softmax?.(xs, y, rows, cols, false)) softmaxRows(xs, y, rows, cols, false);
  return record(new Tensor(y, x.shape), 'softmax', [x], (g) => {
    // dx = y ⊙ (g − Σ_j g_j y_j), row by row
    const gs = g.data;
    const gx = allocate(x.dtype, x.size);
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      let dot = 0;
      for (let j = 0; j < cols; j++) dot += gs[o + j]! * y[o + j]!;
      for (let j = 0; j < cols; j++) gx[o + j] = y[o + j]! * (gs[o + j]! - dot);
    }
    return [new Tensor(gx, x.shape)];
  });
}

export const softmaxChecks: OpCheck[] = [
  { name: 'softmax (last axis)', inputs: (r) => [rand(r, [3, 7], -3, 3)], run: (x) => softmax(x), gpu: true },
  { name: 'softmax (axis 1 of 3)', inputs: (r) => [rand(r, [2, 4, 3], -3, 3)], run: (x) => softmax(x, 1), gpu: true },
];
