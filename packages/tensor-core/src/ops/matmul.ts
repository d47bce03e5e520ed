/**
 * Matrix product with PyTorch's matmul semantics: 2-D, batched over leading axes (which
 * broadcast), 1-D operands promoted and squeezed; `transA` / `transB` read an operand
 * transposed in its last two axes without a copy.
 *
 *   matmul(randn([8, 4, 16]), randn([16, 32])).shape;             // [8, 4, 32]
 *   matmul(q, k, { transB: true });                               // q·kᵀ
 */
import { record } from '../autograd.js';
import { getBackend } from '../backend.js';
import { allocate, type FloatArray, promote } from '../dtype.js';
import { gemm } from '../kernels/gemm.js';
import { sumTo } from '../op-kit/binary.js';
import { type OpCheck, rand } from '../op-kit/check.js';
import type { GpuKernel, GpuThis } from '../op-kit/gpu-kernel.js';
import { broadcastShapes, fmt, ShapeError, sizeOf, stridesOf } from '../shape.js';
import { Tensor } from '../tensor.js';

export interface MatmulOptions {
  readonly transA?: boolean;
  readonly transB?: boolean;
}

export function matmul(left: Tensor, right: Tensor, options: MatmulOptions = {}): Tensor {
  const { transA = false, transB = false } = options;
  if (left.ndim === 0 || right.ndim === 0)
    throw new ShapeError('matmul: operands must have at least 1 axis');
  // [..., M, K]·[K, N] (every Linear layer): fold the batch axes into the rows — one big
  // GEMM instead of one small one per batch entry, and the weight's gradient comes out of
  // a single product instead of a sum over the batch.
  if (left.ndim > 2 && right.ndim === 2 && !transA) {
    const lead = left.shape.slice(0, -1);
    const rows = matmul(left.reshape(-1, left.shape[left.ndim - 1]!), right, options);
    return rows.reshape([...lead, rows.shape[1]!]);
  }
  // 1-D: a vector on the left is a row, on the right a column; that axis is dropped after.
  const a = left.ndim === 1 ? left.reshape(1, left.shape[0]!) : left;
  const b = right.ndim === 1 ? right.reshape(right.shape[0]!, 1) : right;
  const dtype = promote(a.dtype, b.dtype) === 'float64' ? 'float64' : 'float32';
  const x = a.dtype === dtype ? a : a.to(dtype);
  const y = b.dtype === dtype ? b : b.to(dtype);

  const [ar, ac] = x.shape.slice(-2) as [number, number];
  const [br, bc] = y.shape.slice(-2) as [number, number];
  const [m, k] = transA ? [ac, ar] : [ar, ac];
  const [k2, n] = transB ? [bc, br] : [br, bc];
  if (k !== k2) {
    const flags = transA || transB ? ` (transA ${transA}, transB ${transB})` : '';
    throw new ShapeError(
      `matmul: shapes ${fmt(left.shape)} and ${fmt(right.shape)} do not multiply${flags}`,
    );
  }
  const batchShape = broadcastShapes('matmul', x.shape.slice(0, -2), y.shape.slice(0, -2));
  const batch = sizeOf(batchShape);
  const out = allocate(dtype, batch * m * n) as FloatArray;
  const aOffsets = batchOffsets(x.shape.slice(0, -2), batchShape, ar * ac);
  const bOffsets = batchOffsets(y.shape.slice(0, -2), batchShape, br * bc);
  const xs = x.data as FloatArray;
  const ys = y.data as FloatArray;
  const args = { a: xs, b: ys, out, m, n, k, transA, transB, batch, aOffsets, bOffsets };
  if (dtype === 'float64' || !getBackend().matmul?.(args)) {
    for (let t = 0; t < batch; t++) {
      const [aOffset, bOffset, cOffset] = [aOffsets[t]!, bOffsets[t]!, t * m * n];
      gemm({ a: xs, b: ys, c: out, m, n, k, transA, transB, aOffset, bOffset, cOffset });
    }
  }

  let shape = [...batchShape, m, n];
  if (left.ndim === 1) shape = [...batchShape, n];
  if (right.ndim === 1) shape = left.ndim === 1 ? [...batchShape] : [...batchShape, m];
  const full = new Tensor(out, [...batchShape, m, n]);
  const result = new Tensor(out, shape);
  return record(result, 'matmul', [x, y], (gOut) => {
    const g = gOut.reshape(full.shape);
    // C = op(A)·op(B):  dA = dC·op(B)ᵀ (transposed back if A was read transposed),
    //                   dB = op(A)ᵀ·dC (likewise)
    const ga = !x.requiresGrad
      ? null
      : transA
        ? matmul(y, g, { transA: transB, transB: true })
        : matmul(g, y, { transB: !transB });
    const gb = !y.requiresGrad
      ? null
      : transB
        ? matmul(g, x, { transA: true, transB: transA })
        : matmul(x, g, { transA: !transA });
    return [ga && sumTo(ga, x.shape), gb && sumTo(gb, y.shape)];
  });
}

/** Flat offset of each batch entry of an operand whose batch shape broadcasts to `target`. */
function batchOffsets(
  shape: readonly number[],
  target: readonly number[],
  matrix: number,
): number[] {
  const n = sizeOf(target);
  const own = stridesOf(shape);
  const targetStrides = stridesOf(target);
  const lead = target.length - shape.length;
  const offsets = new Array<number>(n);
  for (let t = 0; t < n; t++) {
    let offset = 0;
    for (let d = 0; d < shape.length; d++) {
      const index = Math.floor(t / targetStrides[d + lead]!) % target[d + lead]!;
      if (shape[d] !== 1) offset += index * own[d]!;
    }
    offsets[t] = offset * matrix;
  }
  return offsets;
}

export const matmulChecks: OpCheck[] = [
  {
    name: 'matmul 2-D',
    inputs: (r) => [rand(r, [3, 4]), rand(r, [4, 5])],
    run: (a, b) => matmul(a, b),
    gpu: true,
  },
  {
    name: 'matmul 2-D (large enough to pack)',
    inputs: (r) => [rand(r, [9, 33]), rand(r, [33, 18])],
    run: (a, b) => matmul(a, b),
    gpu: true,
  },
  {
    name: 'matmul batched, broadcast batch',
    inputs: (r) => [rand(r, [2, 1, 3, 4]), rand(r, [3, 4, 2])],
    run: (a, b) => matmul(a, b),
    gpu: true,
  },
  {
    name: 'matmul transA',
    inputs: (r) => [rand(r, [4, 3]), rand(r, [4, 5])],
    run: (a, b) => matmul(a, b, { transA: true }),
    gpu: true,
  },
  {
    name: 'matmul transB batched',
    inputs: (r) => [rand(r, [2, 3, 4]), rand(r, [2, 5, 4])],
    run: (a, b) => matmul(a, b, { transB: true }),
    gpu: true,
  },
  {
    name: 'matmul transA transB',
    inputs: (r) => [rand(r, [4, 3]), rand(r, [5, 4])],
    run: (a, b) => matmul(a, b, { transA: true, transB: true }),
    gpu: true,
  },
  {
    name: 'matmul vector·matrix',
    inputs: (r) => [rand(r, [4]), rand(r, [2, 4, 3])],
    run: (a, b) => matmul(a, b),
  },
  {
    name: 'matmul matrix·vector',
    inputs: (r) => [rand(r, [3, 4]), rand(r, [4])],
    run: (a, b) => matmul(a, b),
  },
];

/**
 * gpu.js kernel: one output element C[t, i, j] per thread, flat index x = (t·m + i)·n + j.
 * aOffsets / bOffsets hold each batch entry's start in a and b (broadcast batches).
 */
export const matmulGpuKernel: GpuKernel = function (
  this: GpuThis,
  a: number[],
  b: number[],
  aOffsets: number[],
  bOffsets: number[],
  m: number,
  n: number,
  k: number,
  transA: number,
  transB: number,
) {
  const x = this.thread.x;
  const t = Math.floor(x / (m * n));
  const rest = x - t * m * n;
  const i = Math.floor(rest / n);
  const j = rest - i * n;
  const ao = aOffsets[t]!;
  const bo = bOffsets[t]!;
  let sum = 0;
  for (let p = 0; p < k; p++) {
    let av = 0;
    let bv = 0;
    if (transA === 1) {
      av = a[ao + p * m + i]!;
    } else {
      av = a[ao + i * k + p]!;
    }
    if (transB === 1) {
      bv = b[bo + j * k + p]!;
    } else {
      bv = b[bo + p * n + j]!;
    }
    sum += av * bv;
  }
  return sum;
};
