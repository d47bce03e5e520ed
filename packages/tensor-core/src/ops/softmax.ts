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
import type { GpuKernel, GpuThis } from '../op-kit/gpu-kernel.js';
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
  {
    name: 'softmax (last axis)',
    inputs: (r) => [rand(r, [3, 7], -3, 3)],
    run: (x) => softmax(x),
    gpu: true,
  },
  {
    name: 'softmax (axis 1 of 3)',
    inputs: (r) => [rand(r, [2, 4, 3], -3, 3)],
    run: (x) => softmax(x, 1),
    gpu: true,
  },
];

/** gpu.js kernels, row-wise over `cols`: the row maximum, then Σ exp(x − max), then each value. */
export const softmaxGpuKernels: Readonly<
  Record<'rowMax' | 'rowSum' | 'normalize' | 'normalizeLog', GpuKernel>
> = {
  rowMax: function (this: GpuThis, x: number[], cols: number) {
    const o = this.thread.x * cols;
    let best = x[o]!;
    for (let j = 1; j < cols; j++) best = Math.max(best, x[o + j]!);
    return best;
  },
  rowSum: function (this: GpuThis, x: number[], max: number[], cols: number) {
    const r = this.thread.x;
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += Math.exp(x[r * cols + j]! - max[r]!);
    return sum;
  },
  normalize: function (this: GpuThis, x: number[], max: number[], sum: number[], cols: number) {
    const r = Math.floor(this.thread.x / cols);
    return Math.exp(x[this.thread.x]! - max[r]!) / sum[r]!;
  },
  normalizeLog: function (this: GpuThis, x: number[], max: number[], sum: number[], cols: number) {
    const r = Math.floor(this.thread.x / cols);
    return x[this.thread.x]! - max[r]! - Math.log(sum[r]!);
  },
};
