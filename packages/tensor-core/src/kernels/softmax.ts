/**
 * Row-wise softmax / log-softmax over the last axis: `rows` rows of `cols` values.
 *
 *   softmaxRows(x, y, 2, 3, false);   // y[r, :] = softmax(x[r, :])
 *
 * Both subtract the row maximum first (stable for any logits). The reference is the
 * textbook three passes with an explicit division; the fast kernel fuses exp and sum in
 * one pass, multiplies by the reciprocal, and stays in the output buffer.
 */
import type { FloatArray } from '../dtype.js';

export function softmaxReference(
  x: FloatArray,
  y: FloatArray,
  rows: number,
  cols: number,
  log: boolean,
): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < cols; j++) max = Math.max(max, x[o + j]!);
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += Math.exp(x[o + j]! - max);
    for (let j = 0; j < cols; j++) {
      y[o + j] = log ? x[o + j]! - max - Math.log(sum) : Math.exp(x[o + j]! - max) / sum;
    }
  }
}

export function softmaxRows(
  x: FloatArray,
  y: FloatArray,
  rows: number,
  cols: number,
  log: boolean,
): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    const end = o + cols;
    let max = x[o]!;
    for (let i = o + 1; i < end; i++) {
      const v = x[i]!;
      if (v > max) max = v;
    }
    if (max === Number.NEGATIVE_INFINITY) max = 0; // an all -inf row: NaN, as PyTorch, not a crash
    let sum = 0;
    if (log) {
      for (let i = o; i < end; i++) sum += Math.exp(x[i]! - max);
      const shift = max + Math.log(sum);
      for (let i = o; i < end; i++) y[i] = x[i]! - shift;
    } else {
      for (let i = o; i < end; i++) {
        const e = Math.exp(x[i]! - max);
        y[i] = e;
        sum += e;
      }
      const inv = 1 / sum;
      for (let i = o; i < end; i++) y[i] = y[i]! * inv;
    }
  }
}
