import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without declarations
import { assemble } from '../../scripts/build-wasm.mjs';
import { Rng } from '../rng.js';
import { gemmReference } from './gemm.js';
import { gemmWasm } from './gemm-wasm.js';
import { GEMM_WASM_BASE64 } from './gemm-wasm-bytes.js';

describe('WebAssembly SIMD GEMM', () => {
  it('the committed bytes are gemm.wat assembled (run `pnpm --filter @llm/tensor-core build:wasm` after editing it)', async () => {
    expect(await assemble()).toBe(GEMM_WASM_BASE64);
  });

  it('property: equals the reference loop for any shape, transposes, offsets and row range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 37 }),
        fc.integer({ min: 1, max: 41 }),
        fc.integer({ min: 1, max: 300 }),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 0, max: 5 }),
        (m, n, k, transA, transB, seed) => {
          const rng = new Rng(seed);
          const random = (len: number) => Float32Array.from({ length: len }, () => rng.normal());
          const a = random(m * k + 3);
          const b = random(k * n + 2);
          const ref = new Float32Array(m * n + 1);
          const fast = new Float32Array(m * n + 1).fill(Number.NaN);
          const args = { a, b, m, n, k, transA, transB, aOffset: 3, bOffset: 2, cOffset: 1 };
          gemmReference({ ...args, c: ref });
          const split = Math.floor(m / 2);
          expect(
            gemmWasm(GEMM_WASM_BASE64, { ...args, c: fast, rowStart: 0, rowEnd: split }) ||
              split === 0,
          ).toBe(true);
          expect(gemmWasm(GEMM_WASM_BASE64, { ...args, c: fast, rowStart: split, rowEnd: m })).toBe(
            true,
          );
          let diff = 0;
          for (let i = 1; i < ref.length; i++) diff = Math.max(diff, Math.abs(ref[i]! - fast[i]!));
          expect(diff).toBeLessThan(1e-4); // float32 sums over up to 300 terms
        },
      ),
      { numRuns: 120 },
    );
  });

  it('property: accumulate adds the product into C (BLAS β = 1)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 37 }),
        fc.integer({ min: 1, max: 41 }),
        fc.integer({ min: 1, max: 300 }),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 0, max: 5 }),
        (m, n, k, transA, transB, seed) => {
          const rng = new Rng(seed);
          const random = (len: number) => Float32Array.from({ length: len }, () => rng.normal());
          const args = { a: random(m * k), b: random(k * n), m, n, k, transA, transB };
          const c = random(m * n);
          const ref = c.slice();
          gemmReference({ ...args, c: ref, accumulate: true });
          expect(gemmWasm(GEMM_WASM_BASE64, { ...args, c, accumulate: true })).toBe(true);
          let diff = 0;
          for (let i = 0; i < ref.length; i++) diff = Math.max(diff, Math.abs(ref[i]! - c[i]!));
          expect(diff).toBeLessThan(1e-4);
        },
      ),
      { numRuns: 60 },
    );
  });
});
