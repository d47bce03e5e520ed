/**
 * Backends: where an op's forward kernel runs. `cpu` is built in (reference loops plus the
 * fast kernels); `gpu` registers itself from `@llm/tensor-core/gpu`. A backend implements
 * any subset of the kernel hooks below and returns false (or lacks the hook) to leave an
 * op to the cpu — so every op works on every backend, and the gpu speeds up what it has.
 * An op finds its hook by its own name (`matmul`, `softmax`, `layerNorm`); elementwise ops
 * share their family's hook and pass their name (`unary('exp')`, `binary('add')`), because
 * their kernels are generated from each op's `gpu` expression.
 *
 *   setBackend('cpu');
 *   import { registerGpuBackend } from '@llm/tensor-core/gpu';
 *   registerGpuBackend({ mode: 'headlessgl' });   // then setBackend('gpu')
 *
 * The environment variable LLM_BACKEND (cpu | gpu) picks the backend at the first op.
 */
import type { FloatArray } from './dtype.js';

export interface MatmulArgs {
  readonly a: FloatArray;
  readonly b: FloatArray;
  readonly out: FloatArray;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly transA: boolean;
  readonly transB: boolean;
  /** Batch count and per-batch offsets (in elements) into a, b and out. */
  readonly batch: number;
  readonly aOffsets: readonly number[];
  readonly bOffsets: readonly number[];
}

export interface Backend {
  readonly name: string;
  /** out[i] = op(x[i]) for the elementwise op named `op` (exp, tanh, …). */
  unary?(op: string, x: FloatArray, out: FloatArray): boolean;
  /** out = op(a, b) with broadcasting (add, sub, mul, div, pow). */
  binary?(
    op: string,
    a: FloatArray,
    aShape: readonly number[],
    b: FloatArray,
    bShape: readonly number[],
    out: FloatArray,
    outShape: readonly number[],
  ): boolean;
  matmul?(args: MatmulArgs): boolean;
  /** Row-wise (log-)softmax over `cols` for `rows` rows. */
  softmax?(x: FloatArray, out: FloatArray, rows: number, cols: number, log: boolean): boolean;
  /** Row-wise layer norm over `cols`, writing y, and the per-row mean and 1/std. */
  layerNorm?(
    x: FloatArray,
    weight: FloatArray | null,
    bias: FloatArray | null,
    y: FloatArray,
    mean: FloatArray,
    rstd: FloatArray,
    rows: number,
    cols: number,
    eps: number,
  ): boolean;
}

const cpu: Backend = { name: 'cpu' };
const registry = new Map<string, Backend>([['cpu', cpu]]);
let current: Backend | null = null;

export function registerBackend(backend: Backend): void {
  registry.set(backend.name, backend);
}

export function setBackend(name: string): void {
  const backend = registry.get(name);
  if (backend === undefined) {
    const hint =
      name === 'gpu' ? " (import { registerGpuBackend } from '@llm/tensor-core/gpu' first)" : '';
    throw new Error(
      `setBackend: unknown backend '${name}'; registered: ${[...registry.keys()].join(', ')}${hint}`,
    );
  }
  current = backend;
}

/** The active backend; on first use it honours LLM_BACKEND. */
export function getBackend(): Backend {
  if (current === null) {
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
      ?.env;
    setBackend(env?.LLM_BACKEND || 'cpu');
  }
  return current!;
}

export function backendNames(): string[] {
  return [...registry.keys()];
}
