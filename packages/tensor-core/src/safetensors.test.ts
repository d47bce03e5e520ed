import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packState, unpackState } from './msgpack.js';
import { Rng } from './rng.js';
import { halfToFloat, readSafetensors, SafetensorsError, writeSafetensors } from './safetensors.js';
import { randn, Tensor, tensor } from './tensor.js';

/** A file built by hand, byte by byte, the way the format spec describes it. */
function handmade(header: object, data: Uint8Array, pad = true): Uint8Array {
  let json = new TextEncoder().encode(JSON.stringify(header));
  if (pad && json.length % 8)
    json = Uint8Array.from([...json, ...new Array(8 - (json.length % 8)).fill(0x20)]);
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

describe('safetensors', () => {
  it('reads F32, F16, BF16, I64 and I32 as the spec lays them out', () => {
    const data = new Uint8Array(4 + 4 + 4 + 16 + 4);
    const view = new DataView(data.buffer);
    view.setFloat32(0, 1.5, true); // F32 [1]
    view.setUint16(4, 0x3c00, true); // F16 1.0
    view.setUint16(6, 0xc000, true); // F16 -2.0
    view.setUint16(8, 0x3f80, true); // BF16 1.0
    view.setUint16(10, 0x4049, true); // BF16 3.140625
    view.setBigInt64(12, 7n, true);
    view.setBigInt64(20, -3n, true);
    view.setInt32(28, 42, true);
    const file = handmade(
      {
        __metadata__: { format: 'pt' },
        a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] },
        h: { dtype: 'F16', shape: [2], data_offsets: [4, 8] },
        bf: { dtype: 'BF16', shape: [2], data_offsets: [8, 12] },
        ids: { dtype: 'I64', shape: [2, 1], data_offsets: [12, 28] },
        n: { dtype: 'I32', shape: [], data_offsets: [28, 32] },
      },
      data,
    );
    const { tensors, metadata } = readSafetensors(file);
    expect(metadata).toEqual({ format: 'pt' });
    expect(tensors.a!.toArray()).toEqual([1.5]);
    expect(tensors.h!.toArray()).toEqual([1, -2]);
    expect(tensors.bf!.toArray()).toEqual([1, 3.140625]);
    expect(tensors.ids!.dtype).toBe('int32');
    expect(tensors.ids!.toArray()).toEqual([[7], [-3]]);
    expect(tensors.n!.item()).toBe(42);
  });

  it('half precision: subnormals, infinities, NaN', () => {
    expect(halfToFloat(0x0001)).toBe(2 ** -24);
    expect(halfToFloat(0x7c00)).toBe(Number.POSITIVE_INFINITY);
    expect(halfToFloat(0xfc00)).toBe(Number.NEGATIVE_INFINITY);
    expect(halfToFloat(0x7e00)).toBeNaN();
    expect(halfToFloat(0x7bff)).toBe(65504);
  });

  it('writes an 8-byte-aligned header and reads back what it wrote (property)', () => {
    const shapes = fc.array(fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }), {
      minLength: 1,
      maxLength: 4,
    });
    fc.assert(
      fc.property(
        shapes,
        fc.integer(),
        fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
        (list, seed, metadata) => {
          const rng = new Rng(seed);
          const tensors: Record<string, Tensor> = {};
          list.forEach((shape, i) => {
            const t = randn(shape, { rng });
            tensors[`layer.${i}.weight`] = i % 3 === 2 ? t.int() : i % 3 === 1 ? t.double() : t;
          });
          const bytes = writeSafetensors(tensors, metadata);
          const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
          expect(headerLength % 8).toBe(0);
          const back = readSafetensors(bytes);
          expect(back.metadata).toEqual(Object.keys(metadata).length ? metadata : {});
          for (const [name, t] of Object.entries(tensors)) {
            expect(back.tensors[name]!.shape).toEqual(t.shape);
            expect(back.tensors[name]!.dtype).toBe(t.dtype);
            expect(Array.from(back.tensors[name]!.data)).toEqual(Array.from(t.data));
          }
        },
      ),
      { numRuns: 80 },
    );
  });

  it('keeps names like __proto__ (tensor names and metadata keys are data, not object keys)', () => {
    const tensors: Record<string, ReturnType<typeof tensor>> = {};
    Object.defineProperty(tensors, '__proto__', { value: tensor([1, 2]), enumerable: true });
    const metadata: Record<string, string> = {};
    Object.defineProperty(metadata, '__proto__', { value: 'x', enumerable: true });
    const back = readSafetensors(writeSafetensors(tensors, metadata));
    expect(Object.keys(back.tensors)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(back.metadata, '__proto__')?.value).toBe('x');
  });

  it('is deterministic: the same tensors give the same bytes whatever the key order', () => {
    const a = tensor([1, 2]);
    const b = tensor([[3]]);
    expect(writeSafetensors({ a, b })).toEqual(writeSafetensors({ b, a }));
  });

  const data8 = new Uint8Array(8);
  it.each([
    ['too short', new Uint8Array(5), /file too short/],
    [
      'header longer than file',
      (() => {
        const f = handmade({}, data8);
        new DataView(f.buffer).setBigUint64(0, 1000n, true);
        return f;
      })(),
      /runs past the end of the file/,
    ],
    [
      'header over the limit',
      (() => {
        const f = handmade({}, data8);
        new DataView(f.buffer).setBigUint64(0, 2n ** 40n, true);
        return f;
      })(),
      /exceeds the 100000000-byte limit/,
    ],
    [
      'bad JSON',
      (() => {
        const f = handmade({}, data8);
        f[8] = 0x7b;
        f[9] = 0x7b;
        return f;
      })(),
      /not valid UTF-8 JSON/,
    ],
    [
      'unknown dtype',
      handmade({ x: { dtype: 'C64', shape: [1], data_offsets: [0, 8] } }, data8),
      /tensor 'x': unsupported dtype "C64"/,
    ],
    [
      'bad shape',
      handmade({ x: { dtype: 'F32', shape: [-2], data_offsets: [0, 8] } }, data8),
      /tensor 'x': shape \[-2\]/,
    ],
    [
      'size mismatch',
      handmade({ x: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, data8),
      /F32 × \[3\] needs 12 bytes, data_offsets give 8/,
    ],
    [
      'out of bounds',
      handmade({ x: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, data8),
      /out of bounds/,
    ],
    [
      'overlap',
      handmade(
        {
          x: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
          y: { dtype: 'F32', shape: [1], data_offsets: [4, 8] },
        },
        data8,
      ),
      /overlap/,
    ],
    [
      'gap',
      handmade({ x: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, data8),
      /gap of 4 bytes/,
    ],
    [
      'trailing bytes',
      handmade({ x: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, data8),
      /4 bytes after the last tensor/,
    ],
    [
      'I64 beyond int32',
      (() => {
        const d = new Uint8Array(8);
        new DataView(d.buffer).setBigInt64(0, 2n ** 40n, true);
        return handmade({ x: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, d);
      })(),
      /does not fit int32/,
    ],
  ])('%s → one-line SafetensorsError', (_, bytes, message) => {
    let caught: unknown;
    try {
      readSafetensors(bytes);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SafetensorsError);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).not.toContain('\n');
  });

  it('property: truncated or corrupted files never crash, hang or over-allocate', () => {
    const good = writeSafetensors(
      {
        'h.0.w': randn([3, 5], { rng: new Rng(1) }),
        'h.0.b': tensor([1, 2, 3], { dtype: 'int32' }),
      },
      { format: 'pt' },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: good.length }),
        fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), {
          maxLength: 6,
        }),
        (cut, flips) => {
          const bytes = good.slice(0, cut);
          for (const [at, value] of flips) if (at < bytes.length) bytes[at] = value;
          try {
            const { tensors } = readSafetensors(bytes);
            // whatever it accepted fits inside the file
            const total = Object.values(tensors).reduce((s, t) => s + t.size, 0);
            expect(total * 2).toBeLessThanOrEqual(bytes.length); // ≥ 2 bytes a value (F16) on disk
          } catch (error) {
            expect(error).toBeInstanceOf(SafetensorsError);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('msgpack state', () => {
  it('round-trips tensors of every dtype inside nested state', () => {
    const state = {
      step: 12,
      moments: [randn([2, 3], { rng: new Rng(1) }), randn([4], { rng: new Rng(2) }).double()],
      ids: tensor([5, -1], { dtype: 'int32' }),
      rng: new Rng(9).getState(),
    };
    const back = unpackState(packState(state)) as typeof state;
    expect(back.step).toBe(12);
    expect(back.moments[0]).toBeInstanceOf(Tensor);
    expect(Array.from(back.moments[0]!.data)).toEqual(Array.from(state.moments[0]!.data));
    expect(back.moments[1]!.dtype).toBe('float64');
    expect(back.ids.toArray()).toEqual([5, -1]);
    expect(back.rng).toEqual(state.rng);
  });
});
