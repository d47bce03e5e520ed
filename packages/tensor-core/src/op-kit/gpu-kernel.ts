/**
 * The shape of a gpu.js kernel function: one call per output element, which reads its
 * flat index from `this.thread.x`. Kernels are written in the subset of JavaScript that
 * gpu.js compiles to GLSL (numbers, arrays, loops with a bound, Math), and sit in their
 * op's file; `@llm/tensor-core/gpu` compiles them, so the core never loads gpu.js.
 *
 *   export const scaleKernel: GpuKernel = function (this: GpuThis, x: number[], s: number) {
 *     return x[this.thread.x] * s;
 *   };
 */
export interface GpuThis {
  readonly thread: { readonly x: number; readonly y: number; readonly z: number };
}

// biome-ignore lint/suspicious/noExplicitAny: gpu.js kernels take numbers and flat arrays
export type GpuKernel = (this: GpuThis, ...args: any[]) => number;
