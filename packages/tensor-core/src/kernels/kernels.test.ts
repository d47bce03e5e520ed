// The fast kernels against the plain reference loops they replace (STYLE.md rule 4).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erf } from '../ops/gelu.js';
import { layerNormReference, layerNormRows } from '../ops/layer-norm.js';
import {
  scaledDotProductAttention,
  scaledDotProductAttentionReference,
} from '../ops/scaled-dot-product-attention.js';
import { Rng } from '../rng.js';
import { randn, type Tensor, tensor } from '../tensor.js';
import { gemm, gemmPacked, gemmReference } from './gemm.js';
import { softmaxReference, softmaxRows } from './softmax.js';

const random = (n: number, rng: Rng) => Float32Array.from({ length: n }, () => rng.normal());
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
};

describe('gemm', () => {
  it('property: packed (any row range) and dispatching gemm equal the reference loop', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 300 }),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 0, max: 3 }),
        (m, n, k, transA, transB, seed) => {
          const rng = new Rng(seed);
          const a = random(m * k + 3, rng);
          const b = random(k * n + 5, rng);
          const ref = new Float32Array(m * n + 2);
          const fast = new Float32Array(m * n + 2).fill(Number.NaN);
          const auto = new Float32Array(m * n + 2);
          const args = { a, b, m, n, k, transA, transB, aOffset: 3, bOffset: 5, cOffset: 2 };
          gemmReference({ ...args, c: ref });
          // two row ranges, as two threads would split them
          const split = Math.min(m, 4 * Math.ceil(m / 8));
          gemmPacked({ ...args, c: fast, rowStart: 0, rowEnd: split });
          gemmPacked({ ...args, c: fast, rowStart: split, rowEnd: m });
          gemm({ ...args, c: auto });
          expect(maxDiff(ref.subarray(2), fast.subarray(2))).toBeLessThan(1e-4);
          expect(maxDiff(ref.subarray(2), auto.subarray(2))).toBeLessThan(1e-4);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('property: every kernel touches only rows [rowStart, rowEnd), and accumulate adds into C', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 300 }),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 0, max: 3 }),
        (m, n, k, transA, transB, seed) => {
          const rng = new Rng(seed);
          const a = random(m * k, rng);
          const b = random(k * n, rng);
          const before = random(m * n, rng); // what C holds before the call
          const product = new Float32Array(m * n);
          gemmReference({ a, b, c: product, m, n, k, transA, transB });
          const rowStart = Math.floor(m / 3);
          const rowEnd = m - Math.floor(m / 4);
          for (const accumulate of [false, true]) {
            const expected = before.map((v, i) => {
              const r = Math.floor(i / n);
              if (r < rowStart || r >= rowEnd) return v; // outside the range: untouched
              return accumulate ? v + product[i]! : product[i]!;
            });
            for (const kernel of [gemmReference, gemmPacked, gemm]) {
              const c = before.slice();
              kernel({ a, b, c, m, n, k, transA, transB, rowStart, rowEnd, accumulate });
              expect(maxDiff(c, expected), `${kernel.name} accumulate ${accumulate}`).toBeLessThan(
                1e-4,
              );
            }
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('propagates NaN and Infinity like the reference', () => {
    const a = Float32Array.from([1, Number.NaN, 0, 2]);
    const b = Float32Array.from([Number.POSITIVE_INFINITY, 1, 0, 1]);
    const ref = new Float32Array(4);
    const fast = new Float32Array(4);
    gemmReference({ a, b, c: ref, m: 2, n: 2, k: 2 });
    gemmPacked({ a, b, c: fast, m: 2, n: 2, k: 2 });
    expect(Array.from(fast)).toEqual(Array.from(ref));
  });
});

describe('softmax and layer norm kernels', () => {
  it('softmaxRows equals the three-pass reference (and its log form)', () => {
    const rng = new Rng(1);
    const x = Float32Array.from({ length: 7 * 33 }, () => rng.normal() * 30);
    for (const log of [false, true]) {
      const ref = new Float32Array(x.length);
      const fast = new Float32Array(x.length);
      softmaxReference(x, ref, 7, 33, log);
      softmaxRows(x, fast, 7, 33, log);
      expect(maxDiff(ref, fast)).toBeLessThan(1e-5);
    }
  });

  it('layerNormRows (one pass) equals the two-pass reference, even off-centre', () => {
    const rng = new Rng(2);
    const x = Float32Array.from({ length: 5 * 64 }, () => 1000 + rng.normal());
    const w = random(64, rng);
    const b = random(64, rng);
    const out = [new Float32Array(x.length), new Float32Array(x.length)];
    const stats = [0, 1].map(() => [new Float32Array(5), new Float32Array(5)]);
    layerNormReference(x, w, b, out[0]!, stats[0]![0]!, stats[0]![1]!, 5, 64, 1e-5);
    layerNormRows(x, w, b, out[1]!, stats[1]![0]!, stats[1]![1]!, 5, 64, 1e-5);
    expect(maxDiff(out[0]!, out[1]!)).toBeLessThan(1e-4);
  });
});

describe('fused attention', () => {
  const make = (seed: number, shapes: number[][]) => {
    const rng = new Rng(seed);
    return shapes.map((s) => randn(s, { rng, requiresGrad: true }));
  };
  const grads = (ts: Tensor[]) => ts.map((t) => Array.from(t.grad!.data));

  it.each([
    ['plain', {}],
    ['causal', { causal: true }],
    [
      'padding + bias',
      {
        keyPaddingMask: tensor(
          [
            [1, 1, 1, 0, 0],
            [1, 1, 1, 1, 1],
          ],
          { dtype: 'int32' },
        ),
        withBias: true,
      },
    ],
    ['dropout, same seed', { dropout: 0.25, seeded: true }],
  ] as const)('%s: output and every gradient equal the composed reference', (_, opts) => {
    const shapes = [
      [2, 3, 4, 8],
      [2, 3, 5, 8],
      [2, 3, 5, 6],
    ];
    if ('withBias' in opts) shapes.push([1, 3, 4, 5]);
    const run = (fn: typeof scaledDotProductAttention) => {
      const inputs = make(11, shapes);
      const options = {
        ...opts,
        bias: inputs[3] ?? null,
        rng: 'seeded' in opts ? new Rng(3) : undefined,
      };
      const y = fn(inputs[0]!, inputs[1]!, inputs[2]!, options);
      y.mul(y.detach()).sum().backward(); // d/dy = y: every output position matters
      return { y: Array.from(y.data), g: grads(inputs) };
    };
    const fused = run(scaledDotProductAttention);
    const ref = run(scaledDotProductAttentionReference);
    expect(maxDiff(fused.y, ref.y)).toBeLessThan(1e-5);
    fused.g.forEach((g, i) => {
      expect(maxDiff(g, ref.g[i]!)).toBeLessThan(1e-4);
    });
  });

  it('a fully masked row gives uniform weights, not NaN (as Hugging Face)', () => {
    const [q, k, v] = make(1, [
      [1, 1, 2, 4],
      [1, 1, 3, 4],
      [1, 1, 3, 2],
    ]);
    const y = scaledDotProductAttention(q!, k!, v!, {
      keyPaddingMask: tensor([[0, 0, 0]], { dtype: 'int32' }),
    });
    expect(y.data.every(Number.isFinite)).toBe(true);
    const mean = v!.detach().mean(-2);
    expect(maxDiff(y.data.subarray(0, 2), mean.data)).toBeLessThan(1e-6);
  });
});

describe('erf', () => {
  it.each([
    [0, 0],
    [0.5, 0.5204998778130465],
    [1, 0.8427007929497149],
    [-2, -0.9953222650189527],
    [2.5, 0.999593047982555],
    [3, 0.9999779095030014],
    [-4.5, -0.9999999998033839],
  ])('erf(%d) = %d to 1e-14', (x, expected) => {
    expect(Math.abs(erf(x) - expected)).toBeLessThan(1e-14);
  });
});
