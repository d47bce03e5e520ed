/**
 * log(softmax(x)) along an axis, computed as x − max − log Σ exp(x − max) so it never
 * takes the log of an underflowed 0.
 *
 *   logSoftmax(tensor([[1, 2, 3]])).toArray();   // [[-2.408, -1.408, -0.408]]
 *
 * Its kernels are softmax's with `log` set: `softmaxRows` (kernels/softmax.ts, shared with
 * softmax and attention) on the cpu, `softmaxGpuKernels.normalizeLog` (softmax.ts) behind
 * the backend's `softmax` hook on the gpu.
 */
import { record } from '../autograd.js';
import { getBackend } from '../backend.js';
import { allocate, type FloatArray } from '../dtype.js';
import { softmaxRows } from '../kernels/softmax.js';
import { type OpCheck, rand } from '../op-kit/check.js';
import { alongAxis } from '../op-kit/last-axis.js';
import { Tensor } from '../tensor.js';

export function logSoftmax(x: Tensor, axis = -1): Tensor {
  return alongAxis('logSoftmax', x.dtype === 'int32' ? x.to('float32') : x, axis, logSoftmaxLast);
}

function logSoftmaxLast(x: Tensor): Tensor {
  const cols = x.shape[x.ndim - 1] ?? 1;
  const rows = cols === 0 ? 0 : x.size / cols;
  const xs = x.data as FloatArray;
  const y = allocate(x.dtype, x.size) as FloatArray;
  if (!getBackend().softmax?.(xs, y, rows, cols, true)) softmaxRows(xs, y, rows, cols, true);
  return record(new Tensor(y, x.shape), 'logSoftmax', [x], (g) => {
    // dx = g − softmax(x) · Σ_j g_j, and softmax(x) = exp(y)
    const gs = g.data;
    const gx = allocate(x.dtype, x.size);
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      let total = 0;
      for (let j = 0; j < cols; j++) total += gs[o + j]!;
      for (let j = 0; j < cols; j++) gx[o + j] = gs[o + j]! - Math.exp(y[o + j]!) * total;
    }
    return [new Tensor(gx, x.shape)];
  });
}

export const logSoftmaxChecks: OpCheck[] = [
  {
    name: 'logSoftmax (last axis)',
    inputs: (r) => [rand(r, [3, 7], -3, 3)],
    run: (x) => logSoftmax(x),
    gpu: true,
  },
  {
    name: 'logSoftmax (axis 0)',
    inputs: (r) => [rand(r, [4, 3], -3, 3)],
    run: (x) => logSoftmax(x, 0),
    gpu: true,
  },
];
