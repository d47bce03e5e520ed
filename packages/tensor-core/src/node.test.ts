import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gemm, gemmReference } from './kernels/gemm.js';
import {
  getNumThreads,
  readSafetensorsFile,
  setNumThreads,
  writeFileAtomic,
  writeSafetensorsFile,
} from './node.js';
import { matmul } from './ops/matmul.js';
import { Rng } from './rng.js';
import { randn, tensor } from './tensor.js';

describe('threads', () => {
  afterAll(() => setNumThreads(1));

  it('a threaded matmul equals the reference loop, transposed and batched too', () => {
    expect(setNumThreads(2)).toBe(2);
    expect(getNumThreads()).toBe(2);
    const rng = new Rng(4);
    for (const [transA, transB] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      const m = 150;
      const n = 130;
      const k = 140; // 2.7 M multiply-adds: above the threading threshold
      const a = randn(transA ? [2, k, m] : [2, m, k], { rng });
      const b = randn(transB ? [n, k] : [k, n], { rng });
      const c = matmul(a, b, { transA, transB });
      for (let t = 0; t < 2; t++) {
        const ref = new Float32Array(m * n);
        const [as, bs] = [a.data as Float32Array, b.data as Float32Array];
        gemmReference({ a: as, b: bs, c: ref, m, n, k, transA, transB, aOffset: t * m * k });
        let diff = 0;
        for (let i = 0; i < ref.length; i++)
          diff = Math.max(diff, Math.abs(ref[i]! - c.data[t * m * n + i]!));
        expect(diff).toBeLessThan(1e-3);
      }
    }
  });

  it('operands in ordinary memory are copied to the workers; shared ones are passed as they are', () => {
    setNumThreads(2);
    const rng = new Rng(8);
    const m = 136;
    const k = 130;
    const n = 120;
    const plain = (len: number) => Float32Array.from({ length: len }, () => rng.normal());
    const a = plain(m * k + 7);
    const b = plain(k * n);
    const c = new Float32Array(m * n + 3);
    gemm({ a, b, c, m, n, k, aOffset: 7, cOffset: 3 });
    const ref = new Float32Array(m * n + 3);
    gemmReference({ a, b, c: ref, m, n, k, aOffset: 7, cOffset: 3 });
    let diff = 0;
    for (let i = 3; i < ref.length; i++) diff = Math.max(diff, Math.abs(ref[i]! - c[i]!));
    expect(diff).toBeLessThan(1e-3);
    expect(randn([100, 100]).data.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('a threaded GEMM over a row range adds into C when asked, and leaves the other rows', () => {
    setNumThreads(2);
    const rng = new Rng(9);
    const m = 150;
    const n = 130;
    const k = 140;
    const rowStart = 6;
    const rowEnd = 143; // 137 rows: 2.5 M multiply-adds, above the threading threshold
    const plain = (len: number) => Float32Array.from({ length: len }, () => rng.normal());
    const shared = (len: number) => randn([len], { rng }).data as Float32Array;
    for (const make of [plain, shared]) {
      const a = make(m * k);
      const b = make(k * n);
      const c = make(m * n);
      const ref = Float32Array.from(c);
      gemm({ a, b, c, m, n, k, rowStart, rowEnd, accumulate: true });
      gemmReference({ a, b, c: ref, m, n, k, rowStart, rowEnd, accumulate: true });
      let diff = 0;
      for (let i = 0; i < ref.length; i++) diff = Math.max(diff, Math.abs(ref[i]! - c[i]!));
      expect(diff).toBeLessThan(1e-3);
      expect(c.buffer instanceof SharedArrayBuffer).toBe(make === shared);
    }
  });

  it('setNumThreads(1) turns threading off', () => {
    expect(setNumThreads(1)).toBe(1);
    expect(getNumThreads()).toBe(1);
    expect(randn([100, 100]).data.buffer).toBeInstanceOf(ArrayBuffer);
  });
});

describe('files', () => {
  it('writes safetensors atomically and reads them back; a bad file names its path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'llm-st-'));
    const path = join(dir, 'model.safetensors');
    await writeSafetensorsFile(path, { w: tensor([[1, 2]]) }, { format: 'pt' });
    const { tensors, metadata } = await readSafetensorsFile(path);
    expect(tensors.w!.toArray()).toEqual([[1, 2]]);
    expect(metadata.format).toBe('pt');
    expect(await readdir(dir)).toEqual(['model.safetensors']); // no temp file left behind
    await writeFile(join(dir, 'bad.safetensors'), Uint8Array.from([1, 2, 3]));
    await expect(readSafetensorsFile(join(dir, 'bad.safetensors'))).rejects.toThrow(
      /bad\.safetensors: file too short/,
    );
    await expect(readSafetensorsFile(join(dir, 'none.safetensors'))).rejects.toThrow(
      /none\.safetensors: no such file/,
    );
  });

  it('a failed atomic write leaves the old file intact and no temp file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'llm-atomic-'));
    const path = join(dir, 'state.bin');
    await writeFileAtomic(path, 'old');
    // a directory where the file's parent should be makes the write fail
    await expect(writeFileAtomic(join(dir, 'state.bin', 'x'), 'new')).rejects.toThrow();
    expect(await readFile(path, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['state.bin']);
  });
});
