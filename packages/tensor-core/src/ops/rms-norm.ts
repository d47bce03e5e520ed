/**
 * RMS normalisation (T5's LayerNorm, LLaMA's RMSNorm) over the trailing axes:
 *   y = x / √(mean(x²) + eps) · w       — no mean subtraction, no bias.
 *
 *   rmsNorm(x, 512, weight, 1e-6);
 */
import { record } from '../autograd.js';
import { allocate, type FloatArray } from '../dtype.js';
import { type OpCheck, rand } from '../op-kit/check.js';
import { normalizedRows } from '../op-kit/normalized.js';
import { Tensor } from '../tensor.js';

export function rmsNorm(
  x: Tensor,
  normalizedShape: number | readonly number[],
  weight?: Tensor | null,
  eps = 1e-6,
): Tensor {
  const { rows, cols, shape } = normalizedRows('rmsNorm', x, normalizedShape, weight);
  const dtype = x.dtype === 'float64' ? 'float64' : 'float32';
  const xt = x.dtype === dtype ? x : x.to(dtype);
  const w = weight && weight.dtype !== dtype ? weight.to(dtype) : (weight ?? null);
  const xs = xt.data as FloatArray;
  const ws = (w?.data ?? null) as FloatArray | null;
  const y = allocate(dtype, xt.size);
  const rstd = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let ss = 0;
    for (let j = 0; j < cols; j++) ss += xs[o + j]! * xs[o + j]!;
    const s = 1 / Math.sqrt(ss / cols + eps);
    rstd[r] = s;
    for (let j = 0; j < cols; j++) y[o + j] = xs[o + j]! * s * (ws ? ws[j]! : 1);
  }
  return record(new Tensor(y, xt.shape), 'rmsNorm', w ? [xt, w] : [xt], (g) => {
    const gs = g.data;
    const gx = allocate(dtype, xt.size);
    const gw = new Float64Array(cols);
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      const s = rstd[r]!;
      // with x̂ = x·rstd and ĝ = g ⊙ w:  dx = rstd · (ĝ − x̂ · mean(ĝ ⊙ x̂))
      let dot = 0;
      for (let j = 0; j < cols; j++) {
        const xhat = xs[o + j]! * s;
        dot += gs[o + j]! * (ws ? ws[j]! : 1) * xhat;
        gw[j] = gw[j]! + gs[o + j]! * xhat;
      }
      const meanDot = dot / cols;
      for (let j = 0; j < cols; j++) {
        const xhat = xs[o + j]! * s;
        gx[o + j] = s * (gs[o + j]! * (ws ? ws[j]! : 1) - xhat * meanDot);
      }
    }
    const grads: Tensor[] = [new Tensor(gx, xt.shape)];
    if (w) {
      const gwOut = allocate(dtype, cols);
      gwOut.set(gw);
      grads.push(new Tensor(gwOut, shape));
    }
    return grads;
  });
}

export const rmsNormChecks: OpCheck[] = [
  {
    name: 'rmsNorm (weight)',
    inputs: (r) => [rand(r, [3, 8], -2, 2), rand(r, [8])],
    run: (x, w) => rmsNorm(x, 8, w),
  },
  {
    name: 'rmsNorm (no weight)',
    inputs: (r) => [rand(r, [2, 2, 5], -2, 2)],
    run: (x) => rmsNorm(x, 5),
  },
];
