import { describe, expect, it } from 'vitest';
import { defaultRng, manualSeed, Rng } from './rng.js';
import { randn } from './tensor.js';

describe('Rng', () => {
  it('same seed, same stream; different seeds differ', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xs = Array.from({ length: 20 }, () => a.uniform());
    expect(Array.from({ length: 20 }, () => b.uniform())).toEqual(xs);
    expect(Array.from({ length: 20 }, () => c.uniform())).not.toEqual(xs);
  });

  it('manualSeed resets the global generator', () => {
    manualSeed(7);
    const first = randn([5]).data;
    manualSeed(7);
    expect(randn([5]).data).toEqual(first);
    expect(defaultRng()).toBeInstanceOf(Rng);
  });

  it('state save / restore resumes the exact stream, mid normal pair included', () => {
    const r = new Rng(1);
    r.normal(); // leaves a spare
    const saved = r.getState();
    const next = [r.normal(), r.uniform(), r.int(100)];
    const s = new Rng(999);
    s.setState(saved);
    expect([s.normal(), s.uniform(), s.int(100)]).toEqual(next);
  });

  it('uniform is in [0, 1) with the right mean; int covers its range evenly', () => {
    const r = new Rng(3);
    const n = 100_000;
    let sum = 0;
    const counts = new Array(10).fill(0);
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
      counts[r.int(10)]++;
    }
    // 3σ bounds: mean σ = √(1/12/n) ≈ 0.0009; a bucket's σ = √(n·0.1·0.9) ≈ 95
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.003);
    for (const c of counts) expect(Math.abs(c - n / 10)).toBeLessThan(300);
  });

  it('shuffle is a seeded permutation', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const a = new Rng(5).shuffle([...items]);
    expect(new Rng(5).shuffle([...items])).toEqual(a);
    expect([...a].sort((x, y) => x - y)).toEqual(items);
    expect(a).not.toEqual(items);
  });
});
