/**
 * The Tensor: a shape over contiguous row-major storage, plus what autograd needs.
 * Every op is a function in ops/ and a method here, with PyTorch's names.
 *
 *   const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
 *   const loss = x.matmul(x).softmax(-1).sum();
 *   loss.backward();
 *   x.grad!.toArray();   // [[…, …], […, …]]
 */
import { type GradNode, backward as runBackward } from './autograd.js';
import { allocate, type DType, dtypeOf, type Storage } from './dtype.js';
// The tensor ↔ ops import circle starts here, on purpose: every op is also a Tensor method
// (PyTorch's names), so this file imports the ops, and the ops import Tensor to build their
// results. It is safe because neither side uses the other while the modules evaluate: op
// files only define functions (their op-kit registries are hoisted functions, see
// op-kit/unary.ts) and methods call ops only when they run. Removing it would mean patching
// the methods onto Tensor.prototype from ops/ on import, a side effect `"sideEffects":
// false` rules out.
import { abs } from './ops/abs.js';
import { add } from './ops/add.js';
import { argmax } from './ops/argmax.js';
import { cast } from './ops/cast.js';
import { type CrossEntropyOptions, crossEntropy } from './ops/cross-entropy.js';
import { div } from './ops/div.js';
import { type DropoutOptions, dropout } from './ops/dropout.js';
import { exp } from './ops/exp.js';
import { gather } from './ops/gather.js';
import { gelu } from './ops/gelu.js';
import { indexSelect } from './ops/index-select.js';
import { layerNorm } from './ops/layer-norm.js';
import { log } from './ops/log.js';
import { logSoftmax } from './ops/log-softmax.js';
import { maskedFill } from './ops/masked-fill.js';
import { type MatmulOptions, matmul } from './ops/matmul.js';
import { max } from './ops/max.js';
import { mean } from './ops/mean.js';
import { mul } from './ops/mul.js';
import { neg } from './ops/neg.js';
import { permute } from './ops/permute.js';
import { pow } from './ops/pow.js';
import { relu } from './ops/relu.js';
import { reshape } from './ops/reshape.js';
import { rmsNorm } from './ops/rms-norm.js';
import { rsqrt } from './ops/rsqrt.js';
import { sigmoid } from './ops/sigmoid.js';
import { silu } from './ops/silu.js';
import { slice } from './ops/slice.js';
import { softmax } from './ops/softmax.js';
import { split } from './ops/split.js';
import { sqrt } from './ops/sqrt.js';
import { sub } from './ops/sub.js';
import { sum } from './ops/sum.js';
import { tanh } from './ops/tanh.js';
import { transpose } from './ops/transpose.js';
import { type VarianceOptions, variance } from './ops/variance.js';
import { where } from './ops/where.js';
import { defaultRng, type Rng } from './rng.js';
import { checkShape, fmt, normAxis, type Shape, ShapeError, sizeOf, stridesOf } from './shape.js';

/** Nested number arrays, as `toArray()` returns and `tensor()` accepts. */
export type NestedArray = number | boolean | readonly NestedArray[];

export interface TensorOptions {
  readonly dtype?: DType;
  readonly requiresGrad?: boolean;
}

type Operand = Tensor | number;
type Axes = number | readonly number[];

export class Tensor {
  /** Contiguous row-major values. Writable: optimizers update parameters in place. */
  readonly data: Storage;
  readonly shape: readonly number[];
  readonly dtype: DType;
  requiresGrad: boolean;
  /** Accumulated gradient after backward(), same shape and dtype; null until then. */
  grad: Tensor | null = null;
  /** The op that produced this tensor, for backward; null for leaves and after release. */
  node: GradNode | null = null;
  /** True once backward() has consumed the node that produced this tensor. */
  released = false;

  constructor(data: Storage, shape: Shape, requiresGrad = false) {
    checkShape('Tensor', shape);
    if (data.length !== sizeOf(shape)) {
      throw new ShapeError(`Tensor: ${data.length} values do not fill shape ${fmt(shape)}`);
    }
    this.data = data;
    this.shape = Object.freeze([...shape]);
    this.dtype = dtypeOf(data);
    if (requiresGrad && this.dtype === 'int32') {
      throw new TypeError('Tensor: only float tensors can require gradients');
    }
    this.requiresGrad = requiresGrad;
  }

  get size(): number {
    return this.data.length;
  }
  get ndim(): number {
    return this.shape.length;
  }
  get strides(): number[] {
    return stridesOf(this.shape);
  }
  /** A leaf is a tensor autograd did not produce: its gradient lands in `.grad`. */
  get isLeaf(): boolean {
    return this.node === null && !this.released;
  }

  /** Nested arrays like torch's tolist(); a 0-d tensor gives a number. */
  toArray(): NestedArray {
    const { data, shape } = this;
    if (shape.length === 0) return data[0]!;
    const build = (axis: number, offset: number, step: number): NestedArray[] => {
      const n = shape[axis]!;
      const inner = step / n;
      const out: NestedArray[] = new Array(n);
      for (let i = 0; i < n; i++) {
        out[i] =
          axis === shape.length - 1
            ? data[offset + i]!
            : build(axis + 1, offset + i * inner, inner);
      }
      return out;
    };
    return build(0, 0, this.size);
  }

  /** The value of a one-element tensor. */
  item(): number {
    if (this.size !== 1)
      throw new ShapeError(`item: tensor of shape ${fmt(this.shape)} has ${this.size} values`);
    return this.data[0]!;
  }

  backward(grad?: Tensor): void {
    runBackward(this, grad, (t) => full(t.shape, 1, { dtype: t.dtype }));
  }

  zeroGrad(): void {
    this.grad = null;
  }

  /** The same values, cut from the graph (shares storage, like torch's detach). */
  detach(): Tensor {
    return new Tensor(this.data, this.shape);
  }

  /** A copy with its own storage (in the graph: the gradient passes through). */
  clone(): Tensor {
    return cast(this, this.dtype, true);
  }

  to(dtype: DType): Tensor {
    return cast(this, dtype);
  }
  float(): Tensor {
    return cast(this, 'float32');
  }
  double(): Tensor {
    return cast(this, 'float64');
  }
  int(): Tensor {
    return cast(this, 'int32');
  }

  /** Marks a leaf as trainable (in place), like torch's requires_grad_(). */
  requiresGrad_(value = true): this {
    if (value && this.dtype === 'int32')
      throw new TypeError('requiresGrad_: int32 tensors have no gradients');
    this.requiresGrad = value;
    return this;
  }

  toString(): string {
    return `Tensor(${fmt(this.shape)}, ${this.dtype}${this.requiresGrad ? ', requiresGrad' : ''})`;
  }

  // elementwise
  add(other: Operand): Tensor {
    return add(this, other);
  }
  sub(other: Operand): Tensor {
    return sub(this, other);
  }
  mul(other: Operand): Tensor {
    return mul(this, other);
  }
  div(other: Operand): Tensor {
    return div(this, other);
  }
  pow(exponent: Operand): Tensor {
    return pow(this, exponent);
  }
  neg(): Tensor {
    return neg(this);
  }
  exp(): Tensor {
    return exp(this);
  }
  log(): Tensor {
    return log(this);
  }
  sqrt(): Tensor {
    return sqrt(this);
  }
  rsqrt(): Tensor {
    return rsqrt(this);
  }
  abs(): Tensor {
    return abs(this);
  }
  tanh(): Tensor {
    return tanh(this);
  }
  sigmoid(): Tensor {
    return sigmoid(this);
  }
  relu(): Tensor {
    return relu(this);
  }
  gelu(approximate: 'none' | 'tanh' = 'none'): Tensor {
    return gelu(this, approximate);
  }
  silu(): Tensor {
    return silu(this);
  }
  where(condition: Tensor, other: Operand): Tensor {
    return where(condition, this, other);
  }
  maskedFill(mask: Tensor, value: number): Tensor {
    return maskedFill(this, mask, value);
  }

  // reductions
  sum(axis?: Axes, keepdim = false): Tensor {
    return sum(this, axis, keepdim);
  }
  mean(axis?: Axes, keepdim = false): Tensor {
    return mean(this, axis, keepdim);
  }
  max(axis?: Axes, keepdim = false): Tensor {
    return max(this, axis, keepdim);
  }
  var(axis?: Axes, options?: VarianceOptions): Tensor {
    return variance(this, axis, options);
  }
  argmax(axis?: number, keepdim = false): Tensor {
    return argmax(this, axis, keepdim);
  }

  // linear algebra and fused ops
  matmul(other: Tensor, options?: MatmulOptions): Tensor {
    return matmul(this, other, options);
  }
  softmax(axis = -1): Tensor {
    return softmax(this, axis);
  }
  logSoftmax(axis = -1): Tensor {
    return logSoftmax(this, axis);
  }
  layerNorm(
    normalizedShape: number | readonly number[],
    weight?: Tensor | null,
    bias?: Tensor | null,
    eps = 1e-5,
  ): Tensor {
    return layerNorm(this, normalizedShape, weight, bias, eps);
  }
  rmsNorm(normalizedShape: number | readonly number[], weight?: Tensor | null, eps = 1e-6): Tensor {
    return rmsNorm(this, normalizedShape, weight, eps);
  }
  crossEntropy(target: Tensor, options?: CrossEntropyOptions): Tensor {
    return crossEntropy(this, target, options);
  }
  dropout(p: number, options?: DropoutOptions): Tensor {
    return dropout(this, p, options);
  }

  // shape
  reshape(...shape: number[] | [readonly number[]]): Tensor {
    return reshape(this, flatShape(shape));
  }
  view(...shape: number[] | [readonly number[]]): Tensor {
    return reshape(this, flatShape(shape));
  }
  flatten(startAxis = 0, endAxis = -1): Tensor {
    if (this.ndim === 0) return reshape(this, [1]);
    const s = normAxis('flatten', startAxis, this.ndim);
    const e = normAxis('flatten', endAxis, this.ndim);
    const merged = this.shape.slice(s, e + 1).reduce((p, d) => p * d, 1);
    return reshape(this, [...this.shape.slice(0, s), merged, ...this.shape.slice(e + 1)]);
  }
  unsqueeze(axis: number): Tensor {
    const a = normAxis('unsqueeze', axis, this.ndim + 1);
    return reshape(this, [...this.shape.slice(0, a), 1, ...this.shape.slice(a)]);
  }
  squeeze(axis?: number): Tensor {
    if (axis === undefined)
      return reshape(
        this,
        this.shape.filter((d) => d !== 1),
      );
    const a = normAxis('squeeze', axis, this.ndim);
    if (this.shape[a] !== 1) return this;
    return reshape(this, [...this.shape.slice(0, a), ...this.shape.slice(a + 1)]);
  }
  permute(...dims: number[] | [readonly number[]]): Tensor {
    return permute(this, flatShape(dims));
  }
  transpose(axis0 = -2, axis1 = -1): Tensor {
    return transpose(this, axis0, axis1);
  }
  /** `x.T`: the last two axes swapped. */
  get T(): Tensor {
    return transpose(this, -2, -1);
  }
  slice(axis: number, start: number, end?: number): Tensor {
    return slice(this, axis, start, end);
  }
  split(sizes: number | readonly number[], axis = 0): Tensor[] {
    return split(this, sizes, axis);
  }
  gather(axis: number, index: Tensor): Tensor {
    return gather(this, axis, index);
  }
  indexSelect(axis: number, index: Tensor): Tensor {
    return indexSelect(this, axis, index);
  }
}

function flatShape(args: number[] | [readonly number[]]): number[] {
  return Array.isArray(args[0]) ? [...(args[0] as readonly number[])] : (args as number[]);
}

// ---------------------------------------------------------------- creation

/**
 * From nested arrays (`tensor([[1, 2], [3, 4]])`), a number (0-d), or a typed array plus
 * a shape (`tensor(new Float32Array(6), [2, 3])`, which shares the array).
 */
export function tensor(
  values: NestedArray | Storage,
  shapeOrOptions?: Shape | TensorOptions,
  options?: TensorOptions,
): Tensor {
  if (ArrayBuffer.isView(values)) {
    const shape = Array.isArray(shapeOrOptions) ? (shapeOrOptions as Shape) : [values.length];
    const opts =
      (Array.isArray(shapeOrOptions) ? options : (shapeOrOptions as TensorOptions)) ?? {};
    const data =
      opts.dtype && opts.dtype !== dtypeOf(values) ? convert(values, opts.dtype) : values;
    return new Tensor(data, shape, opts.requiresGrad ?? false);
  }
  const opts = (shapeOrOptions as TensorOptions | undefined) ?? {};
  const shape: number[] = [];
  let probe: NestedArray = values;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0] as NestedArray;
    if (probe === undefined) break;
  }
  const flat: number[] = [];
  const walk = (v: NestedArray, axis: number, path: string) => {
    if (axis === shape.length) {
      if (Array.isArray(v))
        throw new ShapeError(`tensor: ragged nested array at ${path || 'the top'}`);
      flat.push(typeof v === 'boolean' ? Number(v) : (v as number));
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[axis]) {
      throw new ShapeError(
        `tensor: ragged nested array at ${path || 'the top'} (expected ${shape[axis]} items)`,
      );
    }
    for (let i = 0; i < v.length; i++) walk(v[i]!, axis + 1, `${path}[${i}]`);
  };
  walk(values, 0, '');
  const dtype = opts.dtype ?? 'float32';
  const data = allocate(dtype, flat.length);
  for (let i = 0; i < flat.length; i++) data[i] = flat[i]!;
  return new Tensor(data, shape, opts.requiresGrad ?? false);
}

function convert(values: Storage, dtype: DType): Storage {
  const out = allocate(dtype, values.length);
  if (dtype === 'int32') for (let i = 0; i < values.length; i++) out[i] = Math.trunc(values[i]!);
  else out.set(values);
  return out;
}

export function full(shape: Shape, value: number, options: TensorOptions = {}): Tensor {
  checkShape('full', shape);
  const data = allocate(options.dtype ?? 'float32', sizeOf(shape));
  if (value !== 0) data.fill(value);
  return new Tensor(data, shape, options.requiresGrad ?? false);
}

export const zeros = (shape: Shape, options?: TensorOptions) => full(shape, 0, options);
export const ones = (shape: Shape, options?: TensorOptions) => full(shape, 1, options);
export const zerosLike = (t: Tensor, options?: TensorOptions) =>
  full(t.shape, 0, { dtype: t.dtype, ...options });
export const onesLike = (t: Tensor, options?: TensorOptions) =>
  full(t.shape, 1, { dtype: t.dtype, ...options });

/** [start, end) by step, like torch.arange; `arange(n)` counts 0..n-1. Int32 for integer args. */
export function arange(start: number, end?: number, step = 1, options: TensorOptions = {}): Tensor {
  const [lo, hi] = end === undefined ? [0, start] : [start, end];
  if (step === 0) throw new RangeError('arange: step must not be 0');
  const n = Math.max(0, Math.ceil((hi - lo) / step));
  const integral = Number.isInteger(lo) && Number.isInteger(hi) && Number.isInteger(step);
  const data = allocate(options.dtype ?? (integral ? 'int32' : 'float32'), n);
  for (let i = 0; i < n; i++) data[i] = lo + i * step;
  return new Tensor(data, [n], options.requiresGrad ?? false);
}

export interface RandomOptions extends TensorOptions {
  readonly rng?: Rng;
}

/** Standard normal samples (times `std`, plus `mean`) from the seeded generator. */
export function randn(
  shape: Shape,
  options: RandomOptions & { mean?: number; std?: number } = {},
): Tensor {
  checkShape('randn', shape);
  const rng = options.rng ?? defaultRng();
  const { mean = 0, std = 1 } = options;
  const data = allocate(options.dtype ?? 'float32', sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = mean + std * rng.normal();
  return new Tensor(data, shape, options.requiresGrad ?? false);
}

/** Uniform samples in [low, high) from the seeded generator. */
export function uniform(shape: Shape, low = 0, high = 1, options: RandomOptions = {}): Tensor {
  checkShape('uniform', shape);
  const rng = options.rng ?? defaultRng();
  const data = allocate(options.dtype ?? 'float32', sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = low + (high - low) * rng.uniform();
  return new Tensor(data, shape, options.requiresGrad ?? false);
}

/** A 0-d or same-dtype tensor for a number operand. */
export function scalarLike(value: number, like: Tensor): Tensor {
  const data = allocate(
    like.dtype === 'int32' ? (Number.isInteger(value) ? 'int32' : 'float32') : like.dtype,
    1,
  );
  data[0] = value;
  return new Tensor(data, []);
}
