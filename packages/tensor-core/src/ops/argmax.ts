/**
 * Index of the maximum along an axis (over the flattened tensor when omitted), as int32.
 * Not differentiable.
 *
 *   argmax(tensor([[1, 5], [7, 2]]), 1).toArray();   // [1, 0]
 */
import { forEachReduced } from '../kernels/broadcast.js';
import type { OpCheck } from '../op-kit/check.js';
import { reducedShapes } from '../op-kit/reduce.js';
import { ShapeError } from '../shape.js';
import { Tensor } from '../tensor.js';

export function argmax(x: Tensor, axis?: number, keepdim = false): Tensor {
  if (x.size === 0) throw new ShapeError('argmax: of an empty tensor');
  if (axis === undefined) {
    let best = 0;
    for (let i = 1; i < x.size; i++) if (x.data[i]! > x.data[best]!) best = i;
    return new Tensor(Int32Array.of(best), keepdim ? x.shape.map(() => 1) : []);
  }
  const { keep, out, axes } = reducedShapes('argmax', x.shape, axis, keepdim);
  const step = x.strides[axes[0]!]!;
  const len = x.shape[axes[0]!]!;
  const n = keep.reduce((p, d) => p * d, 1);
  const best = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
  const index = new Int32Array(n).fill(-1);
  forEachReduced(x.shape, keep, (i, o) => {
    const v = x.data[i]!;
    if (index[o] === -1 || v > best[o]!) {
      best[o] = v;
      // position along the axis: (i / stride) mod length
      index[o] = Math.floor(i / step) % len;
    }
  });
  return new Tensor(index, out);
}

/** Not differentiable: nothing to check by finite differences. */
export const argmaxChecks: OpCheck[] = [];
