/**
 * Builds an elementwise op from its scalar function and derivative, so each op file is
 * just the maths:
 *
 *   export const exp = unaryOp({
 *     name: 'exp',
 *     f: Math.exp,
 *     df: (x, y) => y,          // d/dx e^x = e^x
 *     gpu: 'Math.exp(x)',       // the same in a gpu.js kernel body
 *   });
 */
import { record } from '../autograd.js';
import { getBackend } from '../backend.js';
import { allocate, type FloatArray } from '../dtype.js';
import { Tensor } from '../tensor.js';

export interface UnaryDef {
  readonly name: string;
  readonly f: (x: number) => number;
  /** dy/dx at x, given y = f(x) (many derivatives are cheaper from y). */
  readonly df: (x: number, y: number) => number;
  /** The forward as a gpu.js expression of `x`; the gpu backend compiles it. */
  readonly gpu?: string;
}

/**
 * Every unary op definition by name, for the gpu backend to compile. A hoisted function
 * rather than a module constant: op files call unaryOp() while the tensor ↔ ops import
 * cycle is still being evaluated, before any `const` here would be initialised.
 */
export function unaryDefs(): Map<string, UnaryDef> {
  const self = unaryDefs as typeof unaryDefs & { map?: Map<string, UnaryDef> };
  self.map ??= new Map();
  return self.map;
}

export function unaryOp(def: UnaryDef): (x: Tensor) => Tensor {
  unaryDefs().set(def.name, def);
  const { name, f, df } = def;
  return (input: Tensor): Tensor => {
    const x = input.dtype === 'int32' ? input.to('float32') : input;
    const xs = x.data as FloatArray;
    const out = allocate(x.dtype, x.size) as FloatArray;
    if (!getBackend().unary?.(name, xs, out)) {
      for (let i = 0; i < xs.length; i++) out[i] = f(xs[i]!);
    }
    const y = new Tensor(out, x.shape);
    return record(y, name, [x], (g) => {
      const gs = g.data;
      const gx = allocate(x.dtype, x.size);
      for (let i = 0; i < gx.length; i++) gx[i] = gs[i]! * df(xs[i]!, out[i]!);
      return [new Tensor(gx, x.shape)];
    });
  };
}
