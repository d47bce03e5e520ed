/**
 * safetensors, Hugging Face's weight format: an 8-byte little-endian header length, a
 * JSON header naming each tensor's dtype, shape and byte range, then the raw bytes.
 *
 *   const bytes = writeSafetensors({ 'wte.weight': w }, { format: 'pt' });
 *   const { tensors, metadata } = readSafetensors(bytes);
 *
 * Reading validates everything before it allocates: the header length against the file,
 * the JSON, every dtype, shape and offset (in bounds, contiguous, not overlapping, and
 * dtype size × shape = byte length), so a truncated or hostile file gets a one-line
 * SafetensorsError and never a crash, a hang, or an allocation larger than the file.
 * F16 and BF16 are widened to float32, F64 stays float64, integers become int32 (I64
 * values outside int32 are an error, not a silent wrap).
 */
import type { DType } from './dtype.js';
import { Tensor } from './tensor.js';

/** An own property even for names like "__proto__" (which `obj[name] = v` would swallow). */
function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

export class SafetensorsError extends Error {
  override readonly name = 'SafetensorsError';
}

/** HF's own limit on the JSON header. */
const MAX_HEADER = 100_000_000;

const SIZES: Record<string, number> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
};

export interface SafetensorsFile {
  readonly tensors: Record<string, Tensor>;
  readonly metadata: Record<string, string>;
}

interface Entry {
  readonly name: string;
  readonly dtype: string;
  readonly shape: number[];
  readonly begin: number;
  readonly end: number;
}

export function readSafetensors(bytes: Uint8Array): SafetensorsFile {
  const fail = (why: string): never => {
    throw new SafetensorsError(why);
  };
  if (bytes.length < 8) fail(`file too short for a header (${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > MAX_HEADER)
    fail(`header length ${headerLength} exceeds the ${MAX_HEADER}-byte limit`);
  if (8 + headerLength > bytes.length)
    fail(`header length ${headerLength} runs past the end of the file (${bytes.length} bytes)`);
  let header: unknown;
  try {
    header = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)),
    );
  } catch (error) {
    fail(`header is not valid UTF-8 JSON (${(error as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header))
    fail('header is not a JSON object');
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;

  const metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, value] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        fail('__metadata__ is not an object');
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (typeof v !== 'string') fail(`__metadata__.${k} is not a string`);
        setOwn(metadata, k, v as string);
      }
      continue;
    }
    const info = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof info !== 'object' || info === null) fail(`tensor '${name}': entry is not an object`);
    const { dtype, shape, data_offsets: offsets } = info;
    if (typeof dtype !== 'string' || !(dtype in SIZES)) {
      fail(
        `tensor '${name}': unsupported dtype ${JSON.stringify(dtype)} (supported: ${Object.keys(SIZES).join(', ')})`,
      );
    }
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      fail(
        `tensor '${name}': shape ${JSON.stringify(shape)} is not a list of non-negative integers`,
      );
    }
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)
    ) {
      fail(`tensor '${name}': data_offsets ${JSON.stringify(offsets)} is not [begin, end]`);
    }
    const [begin, end] = offsets as [number, number];
    if (begin > end || end > dataLength)
      fail(
        `tensor '${name}': data_offsets [${begin}, ${end}] out of bounds (${dataLength} data bytes)`,
      );
    const expected = (shape as number[]).reduce((p, d) => p * d, 1) * SIZES[dtype as string]!;
    if (end - begin !== expected) {
      fail(
        `tensor '${name}': ${dtype} × ${JSON.stringify(shape)} needs ${expected} bytes, data_offsets give ${end - begin}`,
      );
    }
    entries.push({ name, dtype: dtype as string, shape: shape as number[], begin, end });
  }
  // The buffer must be covered exactly once, in order (as HF's reader checks).
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  for (const e of sorted) {
    if (e.begin < cursor) fail(`tensor '${e.name}': data_offsets overlap another tensor`);
    if (e.begin > cursor) fail(`tensor '${e.name}': a gap of ${e.begin - cursor} bytes before it`);
    cursor = e.end;
  }
  if (cursor !== dataLength)
    fail(`${dataLength - cursor} bytes after the last tensor (truncated header or trailing data)`);

  const tensors: Record<string, Tensor> = {};
  for (const e of entries) {
    const raw = new DataView(bytes.buffer, bytes.byteOffset + dataStart + e.begin, e.end - e.begin);
    setOwn(tensors, e.name, new Tensor(decode(e, raw, fail), e.shape));
  }
  return { tensors, metadata };
}

function decode(
  e: Entry,
  raw: DataView,
  fail: (why: string) => never,
): Float32Array | Float64Array | Int32Array {
  const size = SIZES[e.dtype]!;
  const n = raw.byteLength / size;
  switch (e.dtype) {
    case 'F32': {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = raw.getFloat32(i * 4, true);
      return out;
    }
    case 'F64': {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = raw.getFloat64(i * 8, true);
      return out;
    }
    case 'F16': {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = halfToFloat(raw.getUint16(i * 2, true));
      return out;
    }
    case 'BF16': {
      // bfloat16 is the top half of a float32
      const bits = new Uint32Array(n);
      for (let i = 0; i < n; i++) bits[i] = raw.getUint16(i * 2, true) << 16;
      return new Float32Array(bits.buffer);
    }
    default: {
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        let v: number;
        if (e.dtype === 'I64') {
          const big = raw.getBigInt64(i * 8, true);
          if (big > 2147483647n || big < -2147483648n)
            fail(`tensor '${e.name}': I64 value ${big} does not fit int32`);
          v = Number(big);
        } else if (e.dtype === 'I32') v = raw.getInt32(i * 4, true);
        else if (e.dtype === 'I16') v = raw.getInt16(i * 2, true);
        else if (e.dtype === 'I8') v = raw.getInt8(i);
        else v = raw.getUint8(i); // U8, BOOL
        out[i] = v;
      }
      return out;
    }
  }
}

/** IEEE 754 half precision → number. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

const WRITE_DTYPE: Record<DType, string> = { float32: 'F32', float64: 'F64', int32: 'I32' };

/**
 * Serialises tensors (sorted by name, so the bytes are deterministic) with optional
 * string metadata. The header is padded with spaces to 8 bytes, as HF's writer does.
 */
export function writeSafetensors(
  tensors: Record<string, Tensor>,
  metadata?: Record<string, string>,
): Uint8Array {
  const names = Object.keys(tensors).sort();
  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const name of names) {
    if (name === '__metadata__')
      throw new SafetensorsError("a tensor cannot be named '__metadata__'");
    const t = tensors[name]!;
    const bytes = t.data.byteLength;
    setOwn(header, name, {
      dtype: WRITE_DTYPE[t.dtype],
      shape: t.shape,
      data_offsets: [offset, offset + bytes],
    });
    offset += bytes;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  const view = new DataView(out.buffer);
  for (const name of names) {
    const t = tensors[name]!;
    // explicit little-endian writes: correct on any host byte order
    if (t.dtype === 'float32')
      for (let i = 0; i < t.size; i++) view.setFloat32(at + i * 4, t.data[i]!, true);
    else if (t.dtype === 'float64')
      for (let i = 0; i < t.size; i++) view.setFloat64(at + i * 8, t.data[i]!, true);
    else for (let i = 0; i < t.size; i++) view.setInt32(at + i * 4, t.data[i]!, true);
    at += t.data.byteLength;
  }
  return out;
}
