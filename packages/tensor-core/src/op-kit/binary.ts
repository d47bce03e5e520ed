/**
 * Builds a broadcasting elementwise op from its scalar function and its gradients:
 *
 *   export const mul = binaryOp({
 *     name: 'mul',
 *     f: (x, y) => x * y,
 *     // d(ab)/da = b, d(ab)/db = a — at the broadcast output shape; the kit sums each
 *     // back down to its input's shape
 *     backward: (g, a, b) => [g.mul(b), g.mul(a)],
 *     gpu: 'x * y',
 *   });
 *
 * Numbers are accepted for either operand (`x.mul(2)`).
 */
import { record } from '../autograd.js';
import { getBackend } from '../backend.js';
import { allocate, type FloatArray, promote } from '../dtype.js';
import { broadcastBinary, reduceToShape } from '../kernels/broadcast.js';
import { broadcastShapes, type Shape, sameShape } from '../shape.js';
import { scalarLike, Tensor } from '../tensor.js';

export interface BinaryDef {
  readonly name: string;
  readonly f: (x: number, y: number) => number;
  /** Gradients w.r.t. a and b at the output's (broadcast) shape, from the output gradient. */
  readonly backward: (
    g: Tensor,
    a: Tensor,
    b: Tensor,
    out: Tensor,
  ) => [Tensor | null, Tensor | null];
  /** The forward as a gpu.js expression of `x` and `y`. */
  readonly gpu?: string;
}

/**
 * Every binary op definition by name, for the gpu backend to compile. A hoisted function
 * rather than a module constant: op files call binaryOp() while the tensor ↔ ops import
 * cycle is still being evaluated, before any `const` here would be initialised.
 */
export function binaryDefs(): Map<string, BinaryDef> {
  const self = binaryDefs as typeof binaryDefs & { map?: Map<string, BinaryDef> };
  self.map ??= new Map();
  return self.map;
}

export type Operand = Tensor | number;

export function binaryOp(def: BinaryDef): (a: Operand, b: Operand) => Tensor {
  binaryDefs().set(def.name, def);
  const { name, f } = def;
  return (left: Operand, right: Operand): Tensor => {
    const [a, b] = operands(left, right);
    const dtype = promote(a.dtype, b.dtype);
    const x = a.dtype === dtype ? a : a.to(dtype);
    const y = b.dtype === dtype ? b : b.to(dtype);
    const shape = broadcastShapes(name, x.shape, y.shape);
    const out = allocate(
      dtype,
      shape.reduce((p, d) => p * d, 1),
    );
    const handled =
      dtype !== 'int32' &&
      getBackend().binary?.(
        name,
        x.data as FloatArray,
        x.shape,
        y.data as FloatArray,
        y.shape,
        out as FloatArray,
        shape,
      );
    if (!handled) broadcastBinary(x.data, x.shape, y.data, y.shape, out, shape, f);
    const result = new Tensor(out, shape);
    return record(result, name, [x, y], (g) => {
      const [ga, gb] = def.backward(g, x, y, result);
      return [ga && sumTo(ga, x.shape), gb && sumTo(gb, y.shape)];
    });
  };
}

function operands(left: Operand, right: Operand): [Tensor, Tensor] {
  if (typeof left === 'number' && typeof right === 'number') {
    throw new TypeError('elementwise ops need at least one tensor operand');
  }
  const a = typeof left === 'number' ? scalarLike(left, right as Tensor) : left;
  const b = typeof right === 'number' ? scalarLike(right, a) : right;
  return [a, b];
}

/** Sums a broadcast gradient back down to `shape` (no graph: used inside backward). */
export function sumTo(g: Tensor, shape: Shape): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const out = allocate(
    g.dtype,
    shape.reduce((p, d) => p * d, 1),
  );
  reduceToShape(g.data, g.shape, out, shape);
  return new Tensor(out, shape);
}
