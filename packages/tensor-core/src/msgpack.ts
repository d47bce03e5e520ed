/**
 * Tensors inside msgpack, for checkpoints of optimizer state: `packState` encodes any
 * value (objects, arrays, numbers, strings, typed arrays) with Tensors stored as dtype,
 * shape and raw little-endian bytes; `unpackState` restores them.
 *
 *   const bytes = packState({ step: 10, m: [tensorA, tensorB], rng: rng.getState() });
 *   const state = unpackState(bytes) as { step: number; m: Tensor[] };
 */
import { addExtension, pack, unpack } from 'msgpackr';
import type { DType } from './dtype.js';
import { Tensor } from './tensor.js';

/** The msgpack extension type number used for tensors. */
export const TENSOR_EXTENSION_TYPE = 0x4c; // 'L'

let registered = false;

function register(): void {
  if (registered) return;
  registered = true;
  addExtension({
    Class: Tensor,
    type: TENSOR_EXTENSION_TYPE,
    write(t: Tensor) {
      return {
        dtype: t.dtype,
        shape: [...t.shape],
        data: new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength),
      };
    },
    read(value: { dtype: DType; shape: number[]; data: Uint8Array }) {
      const { dtype, shape, data } = value;
      const bytes = new Uint8Array(data); // an own, aligned copy (msgpackr may hand back a view of a pooled Buffer)
      const storage =
        dtype === 'float64'
          ? new Float64Array(bytes.buffer)
          : dtype === 'int32'
            ? new Int32Array(bytes.buffer)
            : new Float32Array(bytes.buffer);
      return new Tensor(storage, shape);
    },
  });
}

export function packState(value: unknown): Uint8Array {
  register();
  return pack(value);
}

export function unpackState(bytes: Uint8Array): unknown {
  register();
  return unpack(bytes);
}
