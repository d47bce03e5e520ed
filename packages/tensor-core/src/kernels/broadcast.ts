/**
 * The broadcasting loop every elementwise binary op runs: out[i] = f(a[ia], b[ib]) with
 * ia, ib following each operand's broadcast strides. Fast paths for the common cases
 * (same shape, a scalar, a bias along the last axis) avoid index arithmetic.
 *
 *   broadcastBinary(a, [2, 3], b, [3], out, [2, 3], (x, y) => x + y);
 */
import type { Storage } from '../dtype.js';
import { broadcastStrides, type Shape, sameShape, sizeOf } from '../shape.js';

export function broadcastBinary(
  a: Storage,
  aShape: Shape,
  b: Storage,
  bShape: Shape,
  out: Storage,
  outShape: Shape,
  f: (x: number, y: number) => number,
): void {
  const n = out.length;
  if (sameShape(aShape, bShape)) {
    for (let i = 0; i < n; i++) out[i] = f(a[i]!, b[i]!);
    return;
  }
  if (b.length === 1) {
    const y = b[0]!;
    for (let i = 0; i < n; i++) out[i] = f(a[i]!, y);
    return;
  }
  if (a.length === 1) {
    const x = a[0]!;
    for (let i = 0; i < n; i++) out[i] = f(x, b[i]!);
    return;
  }
  const inner = outShape[outShape.length - 1] ?? 1;
  if (
    sameShape(aShape, outShape) &&
    bShape.length >= 1 &&
    b.length === inner &&
    bShape[bShape.length - 1] === inner
  ) {
    // x + bias: b repeats along every row
    for (let r = 0; r < n; r += inner)
      for (let j = 0; j < inner; j++) out[r + j] = f(a[r + j]!, b[j]!);
    return;
  }
  stridedBinary(
    a,
    broadcastStrides(aShape, outShape),
    b,
    broadcastStrides(bShape, outShape),
    out,
    outShape,
    f,
  );
}

/** The general case: an odometer over the output with one strided index per operand. */
function stridedBinary(
  a: Storage,
  sa: number[],
  b: Storage,
  sb: number[],
  out: Storage,
  outShape: Shape,
  f: (x: number, y: number) => number,
): void {
  const ndim = outShape.length;
  const n = sizeOf(outShape);
  if (n === 0) return;
  const last = ndim - 1;
  const inner = outShape[last]!;
  const saI = sa[last]!;
  const sbI = sb[last]!;
  const counter = new Array<number>(ndim).fill(0);
  let ia = 0;
  let ib = 0;
  for (let o = 0; o < n; o += inner) {
    let xa = ia;
    let xb = ib;
    for (let j = 0; j < inner; j++) {
      out[o + j] = f(a[xa]!, b[xb]!);
      xa += saI;
      xb += sbI;
    }
    // advance the odometer over the outer axes
    for (let d = last - 1; d >= 0; d--) {
      counter[d]!++;
      ia += sa[d]!;
      ib += sb[d]!;
      if (counter[d]! < outShape[d]!) break;
      ia -= sa[d]! * outShape[d]!;
      ib -= sb[d]! * outShape[d]!;
      counter[d] = 0;
    }
  }
}

/**
 * Sums `g` (shape `from`) down to `to`, the shape of an operand that was broadcast up to
 * `from` — how each input of a broadcasting op receives its gradient.
 */
export function reduceToShape(g: Storage, from: Shape, out: Storage, to: Shape): void {
  if (sameShape(from, to)) {
    out.set(g);
    return;
  }
  out.fill(0);
  const strides = broadcastStrides(to, from);
  const ndim = from.length;
  const n = g.length;
  if (n === 0) return;
  const last = ndim - 1;
  const inner = from[last]!;
  const sI = strides[last]!;
  const counter = new Array<number>(ndim).fill(0);
  let io = 0;
  for (let i = 0; i < n; i += inner) {
    let x = io;
    for (let j = 0; j < inner; j++) {
      out[x] = out[x]! + g[i + j]!;
      x += sI;
    }
    for (let d = last - 1; d >= 0; d--) {
      counter[d]!++;
      io += strides[d]!;
      if (counter[d]! < from[d]!) break;
      io -= strides[d]! * from[d]!;
      counter[d] = 0;
    }
  }
}

/** Copies `src` (shape `srcShape`) broadcast up to `outShape` — the backward of a reduction. */
export function broadcastTo(src: Storage, srcShape: Shape, out: Storage, outShape: Shape): void {
  if (src.length === out.length) {
    out.set(src);
    return;
  }
  const zero = new Array<number>(outShape.length).fill(0);
  stridedBinary(src, broadcastStrides(srcShape, outShape), src, zero, out, outShape, (x) => x);
}

/**
 * Calls visit(i, o) for every flat input index i with the flat index o of the reduced
 * output it folds into (`keepShape`: the input shape with reduced axes set to 1).
 */
export function forEachReduced(
  shape: Shape,
  keepShape: Shape,
  visit: (i: number, o: number) => void,
): void {
  const n = sizeOf(shape);
  if (n === 0) return;
  const strides = broadcastStrides(keepShape, shape);
  const ndim = shape.length;
  if (ndim === 0) {
    visit(0, 0);
    return;
  }
  const last = ndim - 1;
  const inner = shape[last]!;
  const sI = strides[last]!;
  const counter = new Array<number>(ndim).fill(0);
  let io = 0;
  for (let i = 0; i < n; i += inner) {
    let o = io;
    for (let j = 0; j < inner; j++) {
      visit(i + j, o);
      o += sI;
    }
    for (let d = last - 1; d >= 0; d--) {
      counter[d]!++;
      io += strides[d]!;
      if (counter[d]! < shape[d]!) break;
      io -= strides[d]! * shape[d]!;
      counter[d] = 0;
    }
  }
}
