/**
 * Reorders the axes (a copy: storage stays contiguous).
 *
 *   permute(randn([2, 3, 4]), [2, 0, 1]).shape;   // [4, 2, 3]
 */
import { record } from '../autograd.js';
import { allocate } from '../dtype.js';
import { type OpCheck, rand } from '../op-kit/check.js';
import { fmt, normAxis, ShapeError, stridesOf } from '../shape.js';
import { Tensor } from '../tensor.js';

export function permute(x: Tensor, dims: readonly number[]): Tensor {
  if (dims.length !== x.ndim)
    throw new ShapeError(
      `permute: ${fmt(dims)} does not order the ${x.ndim} axes of ${fmt(x.shape)}`,
    );
  const order = dims.map((d) => normAxis('permute', d, x.ndim));
  if (new Set(order).size !== order.length)
    throw new ShapeError(`permute: repeated axis in ${fmt(dims)}`);
  if (order.every((d, i) => d === i)) return x;
  const shape = order.map((d) => x.shape[d]!);
  const out = allocate(x.dtype, x.size);
  permuteInto(x.data, x.shape, order, out);
  const inverse = order.map((_, i) => order.indexOf(i));
  return record(new Tensor(out, shape), 'permute', [x], (g) => [permute(g, inverse)]);
}

/** out (shape = shape permuted by `order`) ← src, walking out sequentially. */
function permuteInto(
  src: ArrayLike<number>,
  shape: readonly number[],
  order: number[],
  out: { [i: number]: number; length: number },
): void {
  const srcStrides = stridesOf(shape);
  const outShape = order.map((d) => shape[d]!);
  const step = order.map((d) => srcStrides[d]!); // source stride along each output axis
  const ndim = outShape.length;
  const n = out.length;
  if (n === 0) return;
  const last = ndim - 1;
  const inner = outShape[last]!;
  const sI = step[last]!;
  const counter = new Array<number>(ndim).fill(0);
  let base = 0;
  for (let o = 0; o < n; o += inner) {
    let s = base;
    for (let j = 0; j < inner; j++) {
      out[o + j] = src[s]!;
      s += sI;
    }
    for (let d = last - 1; d >= 0; d--) {
      counter[d]!++;
      base += step[d]!;
      if (counter[d]! < outShape[d]!) break;
      base -= step[d]! * outShape[d]!;
      counter[d] = 0;
    }
  }
}

export const permuteChecks: OpCheck[] = [
  { name: 'permute', inputs: (r) => [rand(r, [2, 3, 4])], run: (x) => permute(x, [2, 0, 1]) },
];
