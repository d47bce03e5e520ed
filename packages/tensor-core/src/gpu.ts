/**
 * @llm/tensor-core/gpu — the gpu.js backend. gpu.js is an optional peer dependency and is
 * imported only here, so a CPU-only user never installs or loads it.
 *
 *   import { setBackend } from '@llm/tensor-core';
 *   import { registerGpuBackend } from '@llm/tensor-core/gpu';
 *   registerGpuBackend({ mode: 'webgl2' });   // an explicit gpu.js mode, never auto
 *   setBackend('gpu');                          // or LLM_BACKEND=gpu before the first op
 *
 * It runs the kernels that sit beside each op (elementwise, matmul, softmax, layer norm);
 * everything else, and float64, stays on the cpu. gpu.js computes in float32.
 * Modes: 'webgl2' / 'webgl' in a browser, 'headlessgl' in Node with a display and the
 * optional `gl` package built, 'webgpu' where an adapter exists, and 'cpu' / 'webasm'
 * (gpu.js's own JavaScript and WebAssembly paths — slower than our cpu backend, useful to
 * check the kernels anywhere). gpu.js's auto modes are refused: with no GPU they pick a
 * software path silently.
 */
import { GPU } from 'gpu.js';
import { type Backend, registerBackend } from './backend.js';
import type { FloatArray } from './dtype.js';
import { broadcastTo } from './kernels/broadcast.js';
import { binaryDefs } from './op-kit/binary.js';
import type { GpuKernel } from './op-kit/gpu-kernel.js';
import { unaryDefs } from './op-kit/unary.js';
import { layerNormGpuKernels } from './ops/layer-norm.js';
import { matmulGpuKernel } from './ops/matmul.js';
import { softmaxGpuKernels } from './ops/softmax.js';

export type GpuMode = 'webgl2' | 'webgl' | 'headlessgl' | 'webgpu' | 'webasm' | 'cpu';
const MODES: readonly GpuMode[] = ['webgl2', 'webgl', 'headlessgl', 'webgpu', 'webasm', 'cpu'];

export interface GpuBackendOptions {
  /** The gpu.js mode; defaults to the LLM_GPU_MODE environment variable. Required. */
  readonly mode?: GpuMode;
}

type Compiled = ((...args: unknown[]) => unknown) & { setOutput(output: number[]): void };

/** Registers the 'gpu' backend (select it with setBackend('gpu')). Returns the mode used. */
export function registerGpuBackend(options: GpuBackendOptions = {}): GpuMode {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  const mode = options.mode ?? (env?.LLM_GPU_MODE as GpuMode | undefined);
  if (mode === undefined || !MODES.includes(mode)) {
    throw new Error(
      `registerGpuBackend: needs an explicit gpu.js mode (${MODES.join(', ')}), got ${JSON.stringify(mode)} — auto modes are refused`,
    );
  }
  const gpu = new GPU({ mode });
  const cache = new Map<string, Compiled>();

  /** A 1-D kernel compiled once per source, resized per call. */
  function run(
    key: string,
    source: GpuKernel | string,
    size: number,
    ...args: unknown[]
  ): Float32Array {
    let kernel = cache.get(key);
    if (kernel === undefined) {
      const settings = {
        dynamicOutput: true,
        dynamicArguments: true,
        output: [Math.max(1, size)],
        // loops run to a bound given at run time (k, cols); GLSL needs a static maximum
        loopMaxIterations: 1 << 20,
        tactic: 'precision' as const,
      };
      kernel = gpu.createKernel(source as never, settings as never) as unknown as Compiled;
      cache.set(key, kernel);
    }
    kernel.setOutput([size]);
    const out = kernel(...args);
    return out instanceof Float32Array ? out : Float32Array.from(out as ArrayLike<number>);
  }
  const f32 = (x: FloatArray) => (x instanceof Float32Array ? x : null);

  const backend: Backend = {
    name: 'gpu',
    unary(op, x, out) {
      const def = unaryDefs().get(op);
      const xs = f32(x);
      if (!def?.gpu || !xs || xs.length === 0) return false;
      out.set(
        run(
          `unary:${op}`,
          `function (input) { const x = input[this.thread.x]; ${def.gpu} }`,
          xs.length,
          xs,
        ),
      );
      return true;
    },
    binary(op, a, aShape, b, bShape, out, outShape) {
      const def = binaryDefs().get(op);
      if (!def?.gpu || !f32(a) || !f32(b) || out.length === 0) return false;
      // broadcast on the cpu, then one elementwise kernel
      const av = a.length === out.length ? a : new Float32Array(out.length);
      const bv = b.length === out.length ? b : new Float32Array(out.length);
      if (av !== a) broadcastTo(a, aShape, av, outShape);
      if (bv !== b) broadcastTo(b, bShape, bv, outShape);
      const source = `function (left, right) { const x = left[this.thread.x]; const y = right[this.thread.x]; ${def.gpu} }`;
      out.set(run(`binary:${op}`, source, out.length, av, bv));
      return true;
    },
    matmul({ a, b, out, m, n, k, transA, transB, batch, aOffsets, bOffsets }) {
      if (!f32(a) || !f32(b) || out.length === 0 || k === 0) return false;
      const result = run(
        'matmul',
        matmulGpuKernel,
        batch * m * n,
        a,
        b,
        [...aOffsets],
        [...bOffsets],
        m,
        n,
        k,
        transA ? 1 : 0,
        transB ? 1 : 0,
      );
      out.set(result);
      return true;
    },
    softmax(x, out, rows, cols, log) {
      if (!f32(x) || rows === 0 || cols === 0) return false;
      const max = run('softmax:max', softmaxGpuKernels.rowMax, rows, x, cols);
      const sum = run('softmax:sum', softmaxGpuKernels.rowSum, rows, x, max, cols);
      const kernel = log ? softmaxGpuKernels.normalizeLog : softmaxGpuKernels.normalize;
      out.set(run(log ? 'softmax:log' : 'softmax:norm', kernel, rows * cols, x, max, sum, cols));
      return true;
    },
    layerNorm(x, weight, bias, y, mean, rstd, rows, cols, eps) {
      if (!f32(x) || rows === 0 || cols === 0) return false;
      const m = run('layerNorm:mean', layerNormGpuKernels.rowMean, rows, x, cols);
      const r = run('layerNorm:rstd', layerNormGpuKernels.rowRstd, rows, x, m, cols, eps);
      const w = weight ?? new Float32Array(cols).fill(1);
      const b = bias ?? new Float32Array(cols);
      y.set(run('layerNorm:out', layerNormGpuKernels.output, rows * cols, x, m, r, w, b, cols));
      mean.set(m);
      rstd.set(r);
      return true;
    },
  };
  registerBackend(backend);
  return mode;
}
