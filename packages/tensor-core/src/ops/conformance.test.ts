// One test walks every op (STYLE.md rule 5): each exported `<op>Checks` case gets a
// float64 finite-difference gradient check, and a missing export fails the walk.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { noGrad } from '../autograd.js';
import type { OpCheck } from '../op-kit/check.js';
import { Rng } from '../rng.js';
import { Tensor } from '../tensor.js';
import * as ops from './index.js';

const files = readdirSync(new URL('./', import.meta.url))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts')
  .map((f) => f.replace(/\.ts$/, ''));
const camel = (file: string) => file.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
const exported = ops as unknown as Record<string, unknown>;

describe('op registry', () => {
  it.each(files)('%s.ts is exported with its function and its checks', (file) => {
    expect(typeof exported[camel(file)]).toBe('function');
    expect(Array.isArray(exported[`${camel(file)}Checks`])).toBe(true);
  });

  it('every differentiable op has at least one gradient case', () => {
    // argmax is an index, not a value: nothing to differentiate
    const without = files.filter((f) => (exported[`${camel(f)}Checks`] as OpCheck[]).length === 0);
    expect(without).toEqual(['argmax']);
  });

  it('every op is also a Tensor method (PyTorch names)', () => {
    // ops over a list of tensors, or with several tensor inputs in no natural order, are functions only
    const functionsOnly = new Set([
      'concat',
      'stack',
      'scaledDotProductAttention',
      'cast',
      'variance',
    ]);
    const methods = Object.getOwnPropertyNames(Tensor.prototype);
    for (const file of files) {
      const name = camel(file);
      if (!functionsOnly.has(name)) expect(methods, name).toContain(name);
    }
    expect(methods).toContain('var'); // variance, under PyTorch's name
    expect(methods).toContain('to'); // cast
  });
});

const cases = Object.entries(exported)
  .filter(([name]) => name.endsWith('Checks'))
  .flatMap(([, list]) => list as OpCheck[]);

/** Σ out ⊙ R for fixed random R, so every output element's gradient matters. */
function weightedSum(out: Tensor, weights: Float64Array): number {
  let s = 0;
  for (let i = 0; i < out.size; i++) s += out.data[i]! * weights[i]!;
  return s;
}

describe('finite-difference gradients (float64)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, check) => {
    const rng = new Rng(1234);
    const inputs = check.inputs(rng);
    const out = check.run(...inputs);
    const weights = new Float64Array(out.size).map(() => rng.uniform() * 2 - 1);
    out.backward(new Tensor(new Float64Array(weights), out.shape).to(out.dtype));

    const h = 1e-6;
    let checked = 0;
    for (const x of inputs) {
      if (!x.requiresGrad) continue;
      const analytic = x.grad?.data ?? new Float64Array(x.size);
      for (let i = 0; i < x.size; i++) {
        const saved = x.data[i]!;
        x.data[i] = saved + h;
        const up = noGrad(() => weightedSum(check.run(...inputs), weights));
        x.data[i] = saved - h;
        const down = noGrad(() => weightedSum(check.run(...inputs), weights));
        x.data[i] = saved;
        const numeric = (up - down) / (2 * h);
        expect(
          Math.abs(analytic[i]! - numeric),
          `${check.name}: d/d${i} analytic ${analytic[i]} numeric ${numeric}`,
        ).toBeLessThan(1e-6 + 1e-5 * Math.abs(numeric));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});
