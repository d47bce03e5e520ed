// cpu vs gpu parity for every conformance case marked `gpu`, in float32, in gpu.js's
// 'cpu' mode (it runs anywhere; a real GPU compiles the same kernels to WebGL/WebGPU).
// LLM_GPU_MODE=headlessgl (under xvfb-run, with gl built) checks the GL path the same way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getBackend, setBackend } from './backend.js';
import { type GpuMode, registerGpuBackend } from './gpu.js';
import type { OpCheck } from './op-kit/check.js';
import * as ops from './ops/index.js';
import { Rng } from './rng.js';
import { Tensor } from './tensor.js';

const mode = (process.env.LLM_GPU_MODE as GpuMode | undefined) ?? 'cpu';
const cases = Object.entries(ops as unknown as Record<string, unknown>)
  .filter(([name]) => name.endsWith('Checks'))
  .flatMap(([, list]) => list as OpCheck[])
  .filter((c) => c.gpu);

/** Runs a case on the current backend in float32: output and input gradients. */
function runCase(check: OpCheck) {
  const inputs = check.inputs(new Rng(99)).map((t) => {
    const f = new Tensor(Float32Array.from(t.data), t.shape, t.requiresGrad);
    return t.dtype === 'int32' ? t : f;
  });
  const out = check.run(...inputs);
  const weights = new Float32Array(out.size).map((_, i) => Math.sin(i + 1));
  out.backward(new Tensor(weights, out.shape));
  return { out: out.data, grads: inputs.map((t) => t.grad?.data ?? null) };
}

describe(`gpu backend (gpu.js mode '${mode}') matches the cpu`, () => {
  beforeAll(() => {
    registerGpuBackend({ mode });
  });
  afterAll(() => setBackend('cpu'));

  it('has cases to check', () => {
    expect(cases.length).toBeGreaterThan(20);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, check) => {
    setBackend('cpu');
    const cpu = runCase(check);
    setBackend('gpu');
    expect(getBackend().name).toBe('gpu');
    const gpu = runCase(check);
    setBackend('cpu');
    for (let i = 0; i < cpu.out.length; i++) expect(gpu.out[i]).toBeCloseTo(cpu.out[i]!, 4);
    cpu.grads.forEach((g, j) => {
      if (g === null) return;
      for (let i = 0; i < g.length; i++) expect(gpu.grads[j]![i]).toBeCloseTo(g[i]!, 4);
    });
  });

  it('refuses a missing or automatic mode', () => {
    expect(() => registerGpuBackend({ mode: 'gpu' as GpuMode })).toThrow(/explicit gpu.js mode/);
  });
});
