/**
 * The WebAssembly SIMD GEMM: the 4×8 f32x4 micro-kernel of gemm.wat over panels packed
 * here in JavaScript (which is where the transposes and offsets are absorbed). About six
 * times the packed JavaScript kernel on one core; float32 sums, like BLAS sgemm.
 *
 *   gemmWasm(GEMM_WASM_BASE64, { a, b, c, m, n, k });   // false: no wasm SIMD here (or k = 0)
 *
 * Self-contained on purpose (the bytes come in as an argument, the instance is cached on
 * the function): the worker pool ships its source to worker threads with toString.
 */
import type { GemmArgs } from './gemm.js';

export function gemmWasm(wasmBase64: string, args: GemmArgs): boolean {
  const { a, b, c, m, n, k, transA = false, transB = false } = args;
  const { aOffset: aOff = 0, bOffset: bOff = 0, cOffset: cOff = 0 } = args;
  const { rowStart = 0, rowEnd = m, accumulate = false } = args;
  type State = {
    memory: { buffer: ArrayBuffer; grow(pages: number): number };
    gemm: (...args: number[]) => void;
  } | null;
  const self = gemmWasm as unknown as { state?: State };
  if (self.state === undefined) {
    // typed by hand: the ES lib this package compiles against has no WebAssembly declarations
    const wasm = (
      globalThis as {
        WebAssembly?: {
          Module: new (bytes: Uint8Array) => object;
          Instance: new (module: object, imports: object) => { exports: unknown };
        };
      }
    ).WebAssembly;
    try {
      const bin = atob(wasmBase64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      if (!wasm) throw new Error('no WebAssembly');
      const instance = new wasm.Instance(new wasm.Module(bytes), {});
      self.state = instance.exports as unknown as NonNullable<State>;
    } catch {
      self.state = null; // no WebAssembly SIMD: callers fall back to JavaScript
    }
  }
  const state = self.state;
  if (state === null || k === 0) return false;
  const rows = rowEnd - rowStart;
  const m4 = Math.ceil(rows / 4);
  const n8 = Math.ceil(n / 8);
  const aBytes = m4 * k * 16;
  const bBytes = n8 * k * 32;
  const need = aBytes + bBytes + m4 * 4 * n8 * 32;
  const have = state.memory.buffer.byteLength;
  if (have < need) state.memory.grow(Math.ceil((need - have) / 65536));
  const f = new Float32Array(state.memory.buffer);
  const bBase = aBytes / 4;
  const cBase = (aBytes + bBytes) / 4;
  // A rows [rowStart, rowEnd) → panels [ip][p][r] of 4 rows, zero-padded
  for (let ip = 0; ip < m4; ip++) {
    for (let r = 0; r < 4; r++) {
      const i = rowStart + ip * 4 + r;
      let dst = ip * k * 4 + r;
      if (i >= rowEnd) {
        for (let p = 0; p < k; p++, dst += 4) f[dst] = 0;
      } else if (transA) {
        for (let p = 0; p < k; p++, dst += 4) f[dst] = a[aOff + p * m + i]!;
      } else {
        const src = aOff + i * k;
        for (let p = 0; p < k; p++, dst += 4) f[dst] = a[src + p]!;
      }
    }
  }
  // B → panels [jp][p][c] of 8 columns, zero-padded
  for (let jp = 0; jp < n8; jp++) {
    for (let col = 0; col < 8; col++) {
      const j = jp * 8 + col;
      let dst = bBase + jp * k * 8 + col;
      if (j >= n) {
        for (let p = 0; p < k; p++, dst += 8) f[dst] = 0;
      } else if (transB) {
        const src = bOff + j * k;
        for (let p = 0; p < k; p++, dst += 8) f[dst] = b[src + p]!;
      } else {
        for (let p = 0; p < k; p++, dst += 8) f[dst] = b[bOff + p * n + j]!;
      }
    }
  }
  state.gemm(0, bBase * 4, cBase * 4, m4, n8, k);
  const ldc = n8 * 8;
  for (let r = 0; r < rows; r++) {
    const src = cBase + r * ldc;
    const dst = cOff + (rowStart + r) * n;
    if (accumulate) for (let j = 0; j < n; j++) c[dst + j] = c[dst + j]! + f[src + j]!;
    else c.set(f.subarray(src, src + n), dst);
  }
  return true;
}
