/**
 * Replaces values where `mask` is nonzero (broadcast to x) with `value`; the gradient
 * there is 0. Attention uses it to hide padding and future positions.
 *
 *   maskedFill(scores, causalMask, -Infinity);
 */
import { record } from '../autograd.js';
import { allocate } from '../dtype.js';
import { broadcastTo } from '../kernels/broadcast.js';
import { type OpCheck, rand, randInt } from '../op-kit/check.js';
import { broadcastShapes, fmt, ShapeError, sameShape } from '../shape.js';
import { Tensor } from '../tensor.js';

export function maskedFill(x: Tensor, mask: Tensor, value: number): Tensor {
  const shape = broadcastShapes('maskedFill', x.shape, mask.shape);
  if (!sameShape(shape, x.shape))
    throw new ShapeError(`maskedFill: mask ${fmt(mask.shape)} would grow input ${fmt(x.shape)}`);
  const m = new Uint8Array(x.size);
  const full = new Float64Array(x.size);
  broadcastTo(mask.data, mask.shape, full, x.shape);
  for (let i = 0; i < x.size; i++) m[i] = full[i] !== 0 ? 1 : 0;
  const out = allocate(x.dtype, x.size);
  for (let i = 0; i < x.size; i++) out[i] = m[i] ? value : x.data[i]!;
  return record(new Tensor(out, x.shape), 'maskedFill', [x], (g) => {
    const gx = allocate(x.dtype, x.size);
    for (let i = 0; i < x.size; i++) if (!m[i]) gx[i] = g.data[i]!;
    return [new Tensor(gx, x.shape)];
  });
}

export const maskedFillChecks: OpCheck[] = [
  {
    name: 'maskedFill (broadcast mask)',
    inputs: (r) => [rand(r, [2, 3, 4]), randInt(r, [3, 1], 2)],
    run: (x, m) => maskedFill(x, m, -5),
  },
];
