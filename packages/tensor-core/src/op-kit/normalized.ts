/**
 * Checks the trailing `normalizedShape` of a norm and splits the input into rows × cols.
 *
 *   normalizedRows('layerNorm', [2, 5, 8], 8, weight);   // { rows: 10, cols: 8 }
 */
import { fmt, ShapeError, sameShape } from '../shape.js';
import type { Tensor } from '../tensor.js';

export function normalizedRows(
  op: string,
  x: Tensor,
  normalizedShape: number | readonly number[],
  ...params: (Tensor | null | undefined)[]
): { rows: number; cols: number; shape: number[] } {
  const shape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
  const tail = x.shape.slice(x.ndim - shape.length);
  if (shape.length > x.ndim || !sameShape(tail, shape)) {
    throw new ShapeError(
      `${op}: normalized shape ${fmt(shape)} does not match the end of input ${fmt(x.shape)}`,
    );
  }
  for (const p of params) {
    if (p && !sameShape(p.shape, shape)) {
      throw new ShapeError(`${op}: weight/bias of shape ${fmt(p.shape)}, expected ${fmt(shape)}`);
    }
  }
  const cols = shape.reduce((a, d) => a * d, 1);
  return { rows: cols === 0 ? 0 : x.size / cols, cols, shape };
}
