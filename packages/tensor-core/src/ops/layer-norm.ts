/**
 * Layer normalisation over the trailing `normalizedShape` axes, with optional affine
 * weight and bias — torch.nn.functional.layer_norm. Fused forward and backward.
 *
 *   layerNorm(x, 768, gamma, beta, 1e-5);   // x: [B, T, 768]
 */
import { record } from '../autograd.js';
import { getBackend } from '../backend.js';
import { allocate, type FloatArray } from '../dtype.js';
import { type OpCheck, rand } from '../op-kit/check.js';
import type { GpuKernel, GpuThis } from '../op-kit/gpu-kernel.js';
import { normalizedRows } from '../op-kit/normalized.js';
import { Tensor } from '../tensor.js';

export function layerNorm(
  x: Tensor,
  normalizedShape: number | readonly number[],
  weight?: Tensor | null,
  bias?: Tensor | null,
  eps = 1e-5,
): Tensor {
  const { rows, cols, shape } = normalizedRows('layerNorm', x, normalizedShape, weight, bias);
  const dtype = x.dtype === 'float64' ? 'float64' : 'float32';
  const xt = x.dtype === dtype ? x : x.to(dtype);
  const w = weight && weight.dtype !== dtype ? weight.to(dtype) : (weight ?? null);
  const b = bias && bias.dtype !== dtype ? bias.to(dtype) : (bias ?? null);
  const xs = xt.data as FloatArray;
  const ws = (w?.data ?? null) as FloatArray | null;
  const y = allocate(dtype, xt.size) as FloatArray;
  const mean = new Float64Array(rows);
  const rstd = new Float64Array(rows);
  if (
    dtype === 'float64' ||
    !getBackend().layerNorm?.(
      xs,
      ws,
      (b?.data ?? null) as FloatArray | null,
      y,
      mean,
      rstd,
      rows,
      cols,
      eps,
    )
  ) {
    layerNormRows(xs, ws, (b?.data ?? null) as FloatArray | null, y, mean, rstd, rows, cols, eps);
  }
  const inputs = [xt, ...(w ? [w] : []), ...(b ? [b] : [])];
  return record(new Tensor(y, xt.shape), 'layerNorm', inputs, (g) => {
    const gs = g.data;
    const gx = allocate(dtype, xt.size);
    const gw = w ? new Float64Array(cols) : null;
    const gb = b ? new Float64Array(cols) : null;
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      const m = mean[r]!;
      const s = rstd[r]!;
      // with x̂ = (x − μ)·rstd and ĝ = g ⊙ w:  dx = rstd · (ĝ − mean(ĝ) − x̂ · mean(ĝ ⊙ x̂))
      let sumG = 0;
      let sumGX = 0;
      for (let j = 0; j < cols; j++) {
        const xhat = (xs[o + j]! - m) * s;
        const gh = gs[o + j]! * (ws ? ws[j]! : 1);
        sumG += gh;
        sumGX += gh * xhat;
        if (gw) gw[j] = gw[j]! + gs[o + j]! * xhat;
        if (gb) gb[j] = gb[j]! + gs[o + j]!;
      }
      const meanG = sumG / cols;
      const meanGX = sumGX / cols;
      for (let j = 0; j < cols; j++) {
        const xhat = (xs[o + j]! - m) * s;
        const gh = gs[o + j]! * (ws ? ws[j]! : 1);
        gx[o + j] = s * (gh - meanG - xhat * meanGX);
      }
    }
    const grads: Tensor[] = [new Tensor(gx, xt.shape)];
    for (const acc of [gw, gb]) {
      if (acc === null) continue;
      const data = allocate(dtype, cols);
      data.set(acc);
      grads.push(new Tensor(data, shape));
    }
    return grads;
  });
}

/**
 * The cpu kernels, row-wise for `rows` rows of `cols` features:
 *   y = (x − mean) · rstd · w + b,   rstd = 1 / √(var + eps)   (population variance)
 *
 *   layerNormRows(x, w, b, y, mean, rstd, rows, cols, 1e-5);
 *
 * The reference takes two passes (mean, then squared deviations), the oracle; the fast
 * kernel takes one (Σx and Σx² in float64, where the cancellation that makes this unsafe
 * in float32 is ~1e-16 relative) and fuses the affine step.
 */
export function layerNormReference(
  x: FloatArray,
  w: FloatArray | null,
  b: FloatArray | null,
  y: FloatArray,
  mean: FloatArray,
  rstd: FloatArray,
  rows: number,
  cols: number,
  eps: number,
): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let m = 0;
    for (let j = 0; j < cols; j++) m += x[o + j]!;
    m /= cols;
    let v = 0;
    for (let j = 0; j < cols; j++) v += (x[o + j]! - m) ** 2;
    v /= cols;
    const s = 1 / Math.sqrt(v + eps);
    for (let j = 0; j < cols; j++) {
      y[o + j] = (x[o + j]! - m) * s * (w ? w[j]! : 1) + (b ? b[j]! : 0);
    }
    mean[r] = m;
    rstd[r] = s;
  }
}

export function layerNormRows(
  x: FloatArray,
  w: FloatArray | null,
  b: FloatArray | null,
  y: FloatArray,
  mean: FloatArray,
  rstd: FloatArray,
  rows: number,
  cols: number,
  eps: number,
): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    const end = o + cols;
    let s1 = 0;
    let s2 = 0;
    for (let i = o; i < end; i++) {
      const v = x[i]!;
      s1 += v;
      s2 += v * v;
    }
    const m = s1 / cols;
    const variance = Math.max(0, s2 / cols - m * m);
    const s = 1 / Math.sqrt(variance + eps);
    if (w && b) {
      for (let j = 0; j < cols; j++) y[o + j] = (x[o + j]! - m) * s * w[j]! + b[j]!;
    } else {
      for (let j = 0; j < cols; j++)
        y[o + j] = (x[o + j]! - m) * s * (w ? w[j]! : 1) + (b ? b[j]! : 0);
    }
    mean[r] = m;
    rstd[r] = s;
  }
}

export const layerNormChecks: OpCheck[] = [
  {
    name: 'layerNorm (affine)',
    inputs: (r) => [rand(r, [3, 8], -2, 2), rand(r, [8]), rand(r, [8])],
    run: (x, w, b) => layerNorm(x, 8, w, b),
    gpu: true,
  },
  {
    name: 'layerNorm (no affine, 2 axes)',
    inputs: (r) => [rand(r, [2, 3, 4], -2, 2)],
    run: (x) => layerNorm(x, [3, 4]),
    gpu: true,
  },
];

/** gpu.js kernels, row-wise over `cols`: mean, 1/std, then the affine output. */
export const layerNormGpuKernels: Readonly<Record<'rowMean' | 'rowRstd' | 'output', GpuKernel>> = {
  rowMean: function (this: GpuThis, x: number[], cols: number) {
    const o = this.thread.x * cols;
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += x[o + j]!;
    return sum / cols;
  },
  rowRstd: function (this: GpuThis, x: number[], mean: number[], cols: number, eps: number) {
    const r = this.thread.x;
    let sum = 0;
    for (let j = 0; j < cols; j++) {
      const d = x[r * cols + j]! - mean[r]!;
      sum += d * d;
    }
    return 1 / Math.sqrt(sum / cols + eps);
  },
  output: function (
    this: GpuThis,
    x: number[],
    mean: number[],
    rstd: number[],
    w: number[],
    b: number[],
    cols: number,
  ) {
    const r = Math.floor(this.thread.x / cols);
    const j = this.thread.x - r * cols;
    return (x[this.thread.x]! - mean[r]!) * rstd[r]! * w[j]! + b[j]!;
  },
};
