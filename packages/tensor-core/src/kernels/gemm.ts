/**
 * Matrix multiply kernels: C[m×n] = op(A)·op(B) (or C += … with `accumulate`), op =
 * identity or transpose. Every entry point takes one `GemmArgs` record:
 *
 *   gemmReference({ a, b, c, m, n, k });                  // the oracle
 *   gemmPacked({ a, b, c, m, n, k, transB: true });       // the fast one, C = A·Bᵀ
 *   gemm({ a, b, c, m, n, k, bOffset: t * k * n });       // what matmul calls, per batch entry
 */
import type { FloatArray } from '../dtype.js';
import { gemmWasm } from './gemm-wasm.js';
import { GEMM_WASM_BASE64 } from './gemm-wasm-bytes.js';

/**
 * One GEMM, C = op(A)·op(B), over flat row-major storage. Only a, b, c, m, n and k are
 * required; the rest default to a plain, whole, overwriting product.
 */
export interface GemmArgs {
  /** A: [m, k] row-major from `aOffset`; [k, m] when `transA` (read as its transpose). */
  readonly a: FloatArray;
  /** B: [k, n] row-major from `bOffset`; [n, k] when `transB`. */
  readonly b: FloatArray;
  /** C: [m, n] row-major from `cOffset`; only rows [rowStart, rowEnd) are touched. */
  readonly c: FloatArray;
  /** Rows of op(A) and of C. */
  readonly m: number;
  /** Columns of op(B) and of C. */
  readonly n: number;
  /** The shared axis: columns of op(A), rows of op(B). */
  readonly k: number;
  /** Read A as stored [k, m], i.e. use Aᵀ (default false). */
  readonly transA?: boolean;
  /** Read B as stored [n, k], i.e. use Bᵀ (default false). */
  readonly transB?: boolean;
  /** Element offset of A's first value in `a` — one matrix of a batch (default 0). */
  readonly aOffset?: number;
  /** Element offset of B's first value in `b` (default 0). */
  readonly bOffset?: number;
  /** Element offset of C's first value in `c` (default 0). */
  readonly cOffset?: number;
  /** First row of C to compute (default 0): threads split a product by rows. */
  readonly rowStart?: number;
  /** One past the last row of C to compute (default m). */
  readonly rowEnd?: number;
  /** Add the product into C instead of overwriting it (BLAS β = 1; default false). */
  readonly accumulate?: boolean;
}

/** The plain triple loop: the oracle every fast kernel is tested against. */
export function gemmReference(args: GemmArgs): void {
  const { a, b, c, m, n, k, transA = false, transB = false } = args;
  const { aOffset = 0, bOffset = 0, cOffset = 0 } = args;
  const { rowStart = 0, rowEnd = m, accumulate = false } = args;
  for (let i = rowStart; i < rowEnd; i++) {
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let p = 0; p < k; p++) {
        const x = transA ? a[aOffset + p * m + i]! : a[aOffset + i * k + p]!;
        const y = transB ? b[bOffset + j * k + p]! : b[bOffset + p * n + j]!;
        acc += x * y;
      }
      const o = cOffset + i * n + j;
      c[o] = accumulate ? c[o]! + acc : acc;
    }
  }
}

/**
 * Packed, register-blocked GEMM over the rows [rowStart, rowEnd) of C (so threads can
 * split the rows). The shape of the classic BLIS loop nest:
 *
 *   for each KC-deep slice of k:     pack B's slice into NR-wide column panels
 *     for each MC-tall block of rows:  pack A's block into MR-tall row panels
 *       for each panel pair:           a 4×4 micro-kernel keeps 16 sums in registers
 *
 * Packing makes every inner-loop read sequential whatever the transposes, and the
 * 4×4 tile does 16 multiply-adds per 8 loads, where the naive loop does 1 per 2.
 * The packs are float64, so the sums are too (and float64 tensors use the same code).
 *
 * Self-contained on purpose (no outside references): the worker pool ships its source
 * to worker threads with Function.prototype.toString.
 */
export function gemmPacked(args: GemmArgs): void {
  const { a, b, c, m, n, k, transA = false, transB = false } = args;
  const { aOffset: aOff = 0, bOffset: bOff = 0, cOffset: cOff = 0 } = args;
  const { rowStart = 0, rowEnd = m, accumulate = false } = args;
  const MR = 4;
  const NR = 4;
  const KC = 256;
  const MC = 64;
  const nPanels = Math.ceil(n / NR);
  const bp = new Float64Array(nPanels * NR * Math.min(KC, k));
  // sized to what this call packs: small products must not pay for a full MC×KC panel
  const ap = new Float64Array(
    Math.ceil(Math.min(MC, Math.max(0, rowEnd - rowStart)) / MR) * MR * Math.min(KC, k),
  );
  // the micro-kernel adds its tile into C: start from zero unless asked to accumulate
  if (!accumulate)
    for (let i = rowStart; i < rowEnd; i++) c.fill(0, cOff + i * n, cOff + i * n + n);
  if (k === 0) return;

  for (let pc = 0; pc < k; pc += KC) {
    const kc = Math.min(KC, k - pc);
    // pack B[pc:pc+kc, :] → bp[(panel·kc + p)·NR + jj], zero-padded past n
    for (let jp = 0; jp < nPanels; jp++) {
      for (let p = 0; p < kc; p++) {
        const dst = (jp * kc + p) * NR;
        for (let jj = 0; jj < NR; jj++) {
          const j = jp * NR + jj;
          bp[dst + jj] =
            j < n ? (transB ? b[bOff + j * k + pc + p]! : b[bOff + (pc + p) * n + j]!) : 0;
        }
      }
    }
    for (let ic = rowStart; ic < rowEnd; ic += MC) {
      const mc = Math.min(MC, rowEnd - ic);
      const mPanels = Math.ceil(mc / MR);
      // pack A[ic:ic+mc, pc:pc+kc] → ap[(panel·kc + p)·MR + ii], zero-padded past mc
      for (let ip = 0; ip < mPanels; ip++) {
        for (let p = 0; p < kc; p++) {
          const dst = (ip * kc + p) * MR;
          for (let ii = 0; ii < MR; ii++) {
            const r = ip * MR + ii;
            const i = ic + r;
            ap[dst + ii] =
              r < mc ? (transA ? a[aOff + (pc + p) * m + i]! : a[aOff + i * k + pc + p]!) : 0;
          }
        }
      }
      for (let jp = 0; jp < nPanels; jp++) {
        const j0 = jp * NR;
        for (let ip = 0; ip < mPanels; ip++) {
          let c00 = 0,
            c01 = 0,
            c02 = 0,
            c03 = 0;
          let c10 = 0,
            c11 = 0,
            c12 = 0,
            c13 = 0;
          let c20 = 0,
            c21 = 0,
            c22 = 0,
            c23 = 0;
          let c30 = 0,
            c31 = 0,
            c32 = 0,
            c33 = 0;
          let ai = ip * kc * MR;
          let bi = jp * kc * NR;
          for (let p = 0; p < kc; p++) {
            const a0 = ap[ai]!,
              a1 = ap[ai + 1]!,
              a2 = ap[ai + 2]!,
              a3 = ap[ai + 3]!;
            const b0 = bp[bi]!,
              b1 = bp[bi + 1]!,
              b2 = bp[bi + 2]!,
              b3 = bp[bi + 3]!;
            c00 += a0 * b0;
            c01 += a0 * b1;
            c02 += a0 * b2;
            c03 += a0 * b3;
            c10 += a1 * b0;
            c11 += a1 * b1;
            c12 += a1 * b2;
            c13 += a1 * b3;
            c20 += a2 * b0;
            c21 += a2 * b1;
            c22 += a2 * b2;
            c23 += a2 * b3;
            c30 += a3 * b0;
            c31 += a3 * b1;
            c32 += a3 * b2;
            c33 += a3 * b3;
            ai += MR;
            bi += NR;
          }
          // add the tile into C, clipping the zero padding at the edges
          const i0 = ic + ip * MR;
          const rows = Math.min(MR, ic + mc - i0);
          const cols = Math.min(NR, n - j0);
          if (rows === MR && cols === NR) {
            let o = cOff + i0 * n + j0;
            c[o] = c[o]! + c00;
            c[o + 1] = c[o + 1]! + c01;
            c[o + 2] = c[o + 2]! + c02;
            c[o + 3] = c[o + 3]! + c03;
            o += n;
            c[o] = c[o]! + c10;
            c[o + 1] = c[o + 1]! + c11;
            c[o + 2] = c[o + 2]! + c12;
            c[o + 3] = c[o + 3]! + c13;
            o += n;
            c[o] = c[o]! + c20;
            c[o + 1] = c[o + 1]! + c21;
            c[o + 2] = c[o + 2]! + c22;
            c[o + 3] = c[o + 3]! + c23;
            o += n;
            c[o] = c[o]! + c30;
            c[o + 1] = c[o + 1]! + c31;
            c[o + 2] = c[o + 2]! + c32;
            c[o + 3] = c[o + 3]! + c33;
          } else {
            const tile = [
              c00,
              c01,
              c02,
              c03,
              c10,
              c11,
              c12,
              c13,
              c20,
              c21,
              c22,
              c23,
              c30,
              c31,
              c32,
              c33,
            ];
            for (let r = 0; r < rows; r++) {
              for (let s = 0; s < cols; s++) {
                const o = cOff + (i0 + r) * n + j0 + s;
                c[o] = c[o]! + tile[r * 4 + s]!;
              }
            }
          }
        }
      }
    }
  }
}

/** Splits a GEMM's rows over threads; installed by `@llm/tensor-core/node`. */
export type ParallelGemm = (args: GemmArgs) => boolean;

let parallel: ParallelGemm | null = null;

export function setParallelGemm(fn: ParallelGemm | null): void {
  parallel = fn;
}

/** The cpu backend's matmul: threads for big products, the packed kernel otherwise. */
export function gemm(args: GemmArgs): void {
  if (parallel?.(args)) return;
  const { a, b, c, m, n, k } = args;
  const rows = (args.rowEnd ?? m) - (args.rowStart ?? 0);
  // Tiny products (attention on a few tokens, a matrix-vector step) skip the packing.
  if (rows * n * k < 4096 || rows < 4) {
    gemmSmall(args);
    return;
  }
  // float32: WebAssembly SIMD when the runtime has it; float64 (and no SIMD): JavaScript
  if (a instanceof Float32Array && b instanceof Float32Array && c instanceof Float32Array) {
    if (gemmWasm(GEMM_WASM_BASE64, args)) return;
  }
  gemmPacked(args);
}

/** i-p-j order: sequential over B's rows and C's row when B is not transposed. */
function gemmSmall(args: GemmArgs): void {
  const { a, b, c, m, n, k, transA = false, transB = false } = args;
  const { aOffset: aOff = 0, bOffset: bOff = 0, cOffset: cOff = 0 } = args;
  const { rowStart = 0, rowEnd = m, accumulate = false } = args;
  if (transB) {
    // C[i, j] = A[i, :] · B[j, :]: contiguous dot products (the LM head of a decode step)
    const row = new Float64Array(k);
    for (let i = rowStart; i < rowEnd; i++) {
      for (let p = 0; p < k; p++) row[p] = transA ? a[aOff + p * m + i]! : a[aOff + i * k + p]!;
      for (let j = 0; j < n; j++) {
        const bo = bOff + j * k;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        let p = 0;
        for (; p + 3 < k; p += 4) {
          s0 += row[p]! * b[bo + p]!;
          s1 += row[p + 1]! * b[bo + p + 1]!;
          s2 += row[p + 2]! * b[bo + p + 2]!;
          s3 += row[p + 3]! * b[bo + p + 3]!;
        }
        for (; p < k; p++) s0 += row[p]! * b[bo + p]!;
        const o = cOff + i * n + j;
        c[o] = accumulate ? c[o]! + (s0 + s1 + s2 + s3) : s0 + s1 + s2 + s3;
      }
    }
    return;
  }
  // four rows of B per pass over the accumulator row: a quarter of its loads and stores
  const row = new Float64Array(n);
  const x = (i: number, p: number) => (transA ? a[aOff + p * m + i]! : a[aOff + i * k + p]!);
  for (let i = rowStart; i < rowEnd; i++) {
    row.fill(0);
    let p = 0;
    for (; p + 3 < k; p += 4) {
      const x0 = x(i, p);
      const x1 = x(i, p + 1);
      const x2 = x(i, p + 2);
      const x3 = x(i, p + 3);
      const o0 = bOff + p * n;
      const o1 = o0 + n;
      const o2 = o1 + n;
      const o3 = o2 + n;
      for (let j = 0; j < n; j++) {
        row[j] = row[j]! + x0 * b[o0 + j]! + x1 * b[o1 + j]! + x2 * b[o2 + j]! + x3 * b[o3 + j]!;
      }
    }
    for (; p < k; p++) {
      const xp = x(i, p);
      const bo = bOff + p * n;
      for (let j = 0; j < n; j++) row[j] = row[j]! + xp * b[bo + j]!;
    }
    const co = cOff + i * n;
    if (accumulate) for (let j = 0; j < n; j++) c[co + j] = c[co + j]! + row[j]!;
    else for (let j = 0; j < n; j++) c[co + j] = row[j]!;
  }
}
