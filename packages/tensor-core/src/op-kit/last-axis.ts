/**
 * Runs a row-wise op along any axis by moving that axis last and back again — so the
 * fused kernels only ever see contiguous rows.
 *
 *   alongAxis(x, 1, (t) => softmaxLast(t));
 */
import { normAxis } from '../shape.js';
import type { Tensor } from '../tensor.js';

export function alongAxis(op: string, x: Tensor, axis: number, fn: (t: Tensor) => Tensor): Tensor {
  const a = normAxis(op, axis, x.ndim);
  if (a === x.ndim - 1) return fn(x);
  const order = [...Array(x.ndim).keys()];
  order.splice(a, 1);
  order.push(a);
  const inverse = order.map((_, i) => order.indexOf(i));
  return fn(x.permute(order)).permute(inverse);
}
