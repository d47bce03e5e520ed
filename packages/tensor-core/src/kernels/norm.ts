/**
 * Row-wise layer norm, forward, for `rows` rows of `cols` features:
 *   y = (x − mean) · rstd · w + b,   rstd = 1 / √(var + eps)   (population variance)
 *
 *   layerNormRows(x, w, b, y, mean, rstd, rows, cols, 1e-5);
 *
 * The reference takes two passes (mean, then squared deviations); the fast kernel takes
 * one (Σx and Σx² in float64, where the cancellation that makes this unsafe in float32 is
 * ~1e-16 relative) and fuses the affine step.
 */
import type { FloatArray } from '../dtype.js';

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
