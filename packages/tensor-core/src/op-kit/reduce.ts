/**
 * Shape bookkeeping shared by the reductions (sum, mean, max, var, argmax).
 *
 *   reducedShapes('sum', [2, 3, 4], 1, false);
 *   // { axes: [1], keep: [2, 1, 4], out: [2, 4], count: 3 }
 */
import { normAxes, type Shape } from '../shape.js';

export interface ReducedShapes {
  readonly axes: number[];
  /** The input shape with each reduced axis set to 1. */
  readonly keep: number[];
  /** The result's shape: `keep`, or without the reduced axes. */
  readonly out: number[];
  /** How many values fold into each output value. */
  readonly count: number;
}

export function reducedShapes(
  op: string,
  shape: Shape,
  axis: number | readonly number[] | undefined,
  keepdim: boolean,
): ReducedShapes {
  const axes = normAxes(op, axis, shape.length);
  const keep = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const out = keepdim ? keep : shape.filter((_, i) => !axes.includes(i));
  const count = axes.reduce((p, a) => p * shape[a]!, 1);
  return { axes, keep, out, count };
}
