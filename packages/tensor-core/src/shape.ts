/**
 * Shapes, strides and broadcasting — the index arithmetic every op shares.
 *
 *   broadcastShapes([2, 1, 4], [3, 1]);   // [2, 3, 4]
 *   stridesOf([2, 3, 4]);                 // [12, 4, 1]
 */

export type Shape = readonly number[];

/** A shape or argument mistake, named by op: "add: shapes [2,3] and [4] do not broadcast". */
export class ShapeError extends Error {
  override readonly name = 'ShapeError';
}

export const fmt = (shape: Shape) => `[${shape.join(', ')}]`;

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides: the step in the flat array for +1 along each axis. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** NumPy / PyTorch broadcasting: align from the right, a 1 stretches to match. */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  const ndim = Math.max(...shapes.map((s) => s.length));
  const out = new Array<number>(ndim).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const o = ndim - s.length + i;
      const d = s[i]!;
      if (d === out[o] || d === 1) continue;
      if (out[o] === 1) out[o] = d;
      else throw new ShapeError(`${op}: shapes ${shapes.map(fmt).join(' and ')} do not broadcast`);
    }
  }
  return out;
}

/** Strides of `shape` read as if broadcast to `target`: 0 along stretched or missing axes. */
export function broadcastStrides(shape: Shape, target: Shape): number[] {
  const own = stridesOf(shape);
  const offset = target.length - shape.length;
  return target.map((_, i) => {
    const j = i - offset;
    return j < 0 || shape[j] === 1 ? 0 : own[j]!;
  });
}

/** A possibly negative axis → 0..ndim-1, or a ShapeError naming the op. */
export function normAxis(op: string, axis: number, ndim: number): number {
  const a = axis < 0 ? axis + ndim : axis;
  if (!Number.isInteger(a) || a < 0 || a >= ndim) {
    throw new ShapeError(`${op}: axis ${axis} is out of range for a ${ndim}-d tensor`);
  }
  return a;
}

/** Axes to reduce: undefined → all; sorted, unique, non-negative. */
export function normAxes(op: string, axes: number | readonly number[] | undefined, ndim: number) {
  if (axes === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof axes === 'number' ? [axes] : axes;
  const out = [...new Set(list.map((a) => normAxis(op, a, ndim)))].sort((x, y) => x - y);
  if (out.length !== list.length) throw new ShapeError(`${op}: repeated axis in [${list}]`);
  return out;
}

/** Checks a user-provided shape: non-negative integers. */
export function checkShape(op: string, shape: Shape): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new ShapeError(`${op}: invalid shape ${fmt(shape)}`);
  }
}
