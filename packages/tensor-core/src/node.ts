/**
 * @llm/tensor-core/node — the Node-only pieces: matmul on several threads, and
 * safetensors files read and written atomically.
 *
 *   import { setNumThreads, readSafetensorsFile } from '@llm/tensor-core/node';
 *   setNumThreads(2);                       // big matmuls now split their rows over 2 threads
 *   const { tensors } = await readSafetensorsFile('model.safetensors');
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { type FloatArray, setSharedStorage } from './dtype.js';
import { type GemmArgs, gemmPacked, setParallelGemm } from './kernels/gemm.js';
import { gemmWasm } from './kernels/gemm-wasm.js';
import { GEMM_WASM_BASE64 } from './kernels/gemm-wasm-bytes.js';
import { readSafetensors, type SafetensorsFile, writeSafetensors } from './safetensors.js';
import type { Tensor } from './tensor.js';

// ------------------------------------------------------------------ threads

// Below this many multiply-adds, handing rows to workers costs more than it saves.
const PARALLEL_MIN_WORK = 1 << 21;

// The worker runs the very same packed kernel, shipped as source (it is self-contained).
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const gemmPacked = ${gemmPacked.toString()};
const gemmWasm = ${gemmWasm.toString()};
const GEMM_WASM_BASE64 = '${GEMM_WASM_BASE64}';
parentPort.on('message', (job) => {
  const flag = new Int32Array(job.done);
  try {
    const View = job.f64 ? Float64Array : Float32Array;
    // the job is a GemmArgs record whose a, b and c arrived as shared buffers
    const args = { ...job, a: new View(job.a), b: new View(job.b), c: new View(job.c) };
    if (job.f64 || !gemmWasm(GEMM_WASM_BASE64, args)) gemmPacked(args);
    Atomics.add(flag, 0, 1);
  } catch (error) {
    Atomics.store(flag, 1, 1);
  }
  Atomics.notify(flag, 0);
});
`;

interface Pool {
  readonly workers: Worker[];
  a: SharedArrayBuffer;
  b: SharedArrayBuffer;
  c: SharedArrayBuffer;
}

let pool: Pool | null = null;

function grow(buffer: SharedArrayBuffer, bytes: number): SharedArrayBuffer {
  return buffer.byteLength >= bytes
    ? buffer
    : new SharedArrayBuffer(Math.max(bytes, buffer.byteLength * 2));
}

/**
 * Uses `n` threads (this one plus n − 1 workers) for large matmuls; 1 turns it off.
 * Defaults to the machine's available parallelism. Returns the count in use.
 */
export function setNumThreads(n: number = os.availableParallelism()): number {
  const count = Math.max(1, Math.floor(n));
  if (pool) {
    for (const w of pool.workers) void w.terminate();
    pool = null;
  }
  if (count === 1) {
    setParallelGemm(null);
    setSharedStorage(false);
    return 1;
  }
  const workers = Array.from({ length: count - 1 }, () => {
    const w = new Worker(WORKER_SOURCE, { eval: true });
    w.unref(); // idle workers never keep the process alive
    return w;
  });
  pool = {
    workers,
    a: new SharedArrayBuffer(8),
    b: new SharedArrayBuffer(8),
    c: new SharedArrayBuffer(8),
  };
  setParallelGemm(parallelGemm);
  // new tensors live in shared memory, so big matmuls hand them to workers without a copy
  setSharedStorage(true);
  return count;
}

export function getNumThreads(): number {
  return pool ? pool.workers.length + 1 : 1;
}

/** Splits C's rows [rowStart, rowEnd) over this thread and the workers. */
function parallelGemm(args: GemmArgs): boolean {
  const { a, b, c, m, n, k, transA = false, transB = false } = args;
  const { aOffset = 0, bOffset = 0, cOffset = 0 } = args;
  const { rowStart = 0, rowEnd = m, accumulate = false } = args;
  const p = pool;
  const threads = p ? p.workers.length + 1 : 1;
  const rows = rowEnd - rowStart;
  if (!p || rows * n * k < PARALLEL_MIN_WORK || rows < threads * 8) return false;
  const f64 = a instanceof Float64Array;
  if (f64 !== b instanceof Float64Array || f64 !== c instanceof Float64Array) return false;
  const View = (f64 ? Float64Array : Float32Array) as unknown as new (
    buffer: ArrayBufferLike,
    offset?: number,
    length?: number,
  ) => FloatArray;
  const bytes = f64 ? 8 : 4;
  // Operands already in shared memory (allocated after setNumThreads) go to the workers as
  // they are; others are copied into the pool's scratch buffers first.
  const share = (
    x: FloatArray,
    offset: number,
    length: number,
    scratch: 'a' | 'b' | 'c',
    copy: boolean,
  ) => {
    if (x.buffer instanceof SharedArrayBuffer)
      return { buffer: x.buffer, offset: x.byteOffset / bytes + offset, direct: true };
    p[scratch] = grow(p[scratch], length * bytes);
    if (copy) new View(p[scratch], 0, length).set(x.subarray(offset, offset + length));
    return { buffer: p[scratch], offset: 0, direct: false };
  };
  const sa = share(a, aOffset, m * k, 'a', true);
  const sb = share(b, bOffset, k * n, 'b', true);
  // C goes in only when the product is added to it
  const sc = share(c, cOffset, m * n, 'c', accumulate);

  // rows in multiples of 4 (the micro-kernel height), as evenly as possible
  const per = Math.ceil(rows / threads / 4) * 4;
  const done = new SharedArrayBuffer(8);
  const flag = new Int32Array(done);
  const shared = {
    m,
    n,
    k,
    transA,
    transB,
    aOffset: sa.offset,
    bOffset: sb.offset,
    cOffset: sc.offset,
    accumulate,
  };
  let posted = 0;
  for (let w = 0; w < p.workers.length; w++) {
    const start = rowStart + (w + 1) * per;
    const end = Math.min(rowEnd, start + per);
    if (start >= end) continue;
    const buffers = { a: sa.buffer, b: sb.buffer, c: sc.buffer };
    p.workers[w]!.postMessage({ ...shared, ...buffers, rowStart: start, rowEnd: end, f64, done });
    posted++;
  }
  // this thread's share: WebAssembly SIMD for float32 when the runtime has it
  const mine: GemmArgs = {
    ...shared,
    a: new View(sa.buffer),
    b: new View(sb.buffer),
    c: new View(sc.buffer),
    rowStart,
    rowEnd: Math.min(rowEnd, rowStart + per),
  };
  if (f64 || !gemmWasm(GEMM_WASM_BASE64, mine)) gemmPacked(mine);
  const deadline = Date.now() + 120_000;
  while (Atomics.load(flag, 0) < posted) {
    if (Atomics.load(flag, 1) !== 0) throw new Error('matmul: a worker thread failed');
    if (Date.now() > deadline)
      throw new Error('matmul: worker threads did not finish within 120 s');
    Atomics.wait(flag, 0, Atomics.load(flag, 0), 1000);
  }
  if (!sc.direct)
    c.set(new View(sc.buffer, rowStart * n * bytes, rows * n), cOffset + rowStart * n);
  return true;
}

// ------------------------------------------------------------------ files

/** Reads a .safetensors file; a bad file gets one line naming it. */
export async function readSafetensorsFile(path: string): Promise<SafetensorsFile> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new Error(
      `${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
  try {
    return readSafetensors(bytes);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
}

/** Writes a .safetensors file atomically: a half-written file never replaces a good one. */
export async function writeSafetensorsFile(
  path: string,
  tensors: Record<string, Tensor>,
  metadata?: Record<string, string>,
): Promise<void> {
  await writeFileAtomic(path, writeSafetensors(tensors, metadata));
}

/**
 * Writes to a temporary file beside `path`, flushes it to disk, then renames it over
 * `path`: a crash or a power loss leaves the old file or the new one, never half of one.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
