import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('@llm/tensor-core public API', () => {
  it("exports DESIGN.md's names", () => {
    for (const name of [
      'tensor',
      'zeros',
      'randn',
      'manualSeed',
      'noGrad',
      'setBackend',
      'readSafetensors',
      'writeSafetensors',
      'Tensor',
    ]) {
      expect(api, name).toHaveProperty(name);
    }
  });

  it('runs the README example', () => {
    api.manualSeed(0);
    const x = api.tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { requiresGrad: true },
    );
    const loss = x.matmul(x).softmax(-1).sum();
    loss.backward();
    expect(loss.item()).toBeCloseTo(2, 6); // each softmax row sums to 1
    expect(x.grad!.shape).toEqual([2, 2]);
  });

  it('never reaches gpu.js or a node: module from the main entry (browser-safe, CPU-only)', () => {
    // walk every module the entry imports, transitively
    const seen = new Set<string>();
    const external = new Set<string>();
    const visit = (url: URL) => {
      if (seen.has(url.href)) return;
      seen.add(url.href);
      const source = readFileSync(url, 'utf8');
      for (const [, spec] of source.matchAll(/^(?:import|export)[^'"]*from '([^']+)'/gm)) {
        if (spec!.startsWith('.')) visit(new URL(spec!.replace(/\.js$/, '.ts'), url));
        else external.add(spec!);
      }
    };
    visit(new URL('./index.ts', import.meta.url));
    expect(seen.size).toBeGreaterThan(40);
    expect([...external].sort()).toEqual(['msgpackr']);
  });
});
