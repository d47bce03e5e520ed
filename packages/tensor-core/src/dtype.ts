/**
 * The three storage types. float32 is what models use; float64 exists so that gradient
 * checks can compare against finite differences without float32 round-off; int32 holds
 * token ids, labels and masks.
 *
 *   const data = allocate('float32', 6);   // Float32Array(6)
 */
export type DType = 'float32' | 'float64' | 'int32';
export type FloatArray = Float32Array | Float64Array;
export type Storage = Float32Array | Float64Array | Int32Array;

let shared = false;

/**
 * Makes allocate() use SharedArrayBuffer (Node's worker-thread matmul turns this on, so
 * tensors reach the workers without a copy). Off by default: browsers need cross-origin
 * isolation for shared memory.
 */
export function setSharedStorage(on: boolean): void {
  shared = on;
}

export function allocate(dtype: DType, n: number): Storage {
  const bytes = dtype === 'float64' ? 8 : 4;
  // small tensors stay in ordinary memory: sharing only pays off for big matmul operands
  const buffer =
    shared && n >= 4096 ? new SharedArrayBuffer(n * bytes) : new ArrayBuffer(n * bytes);
  if (dtype === 'float32') return new Float32Array(buffer);
  if (dtype === 'float64') return new Float64Array(buffer);
  return new Int32Array(buffer);
}

export function dtypeOf(data: Storage): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  return 'int32';
}

/** The float type two operands compute in: float64 wins, ints become float32. */
export function promote(a: DType, b: DType): DType {
  if (a === 'float64' || b === 'float64') return 'float64';
  if (a === 'int32' && b === 'int32') return 'int32';
  return 'float32';
}

export const isFloat = (dtype: DType) => dtype !== 'int32';

/** The most negative finite value of a float type: HF's "masked" fill (finfo.min). */
export const minValue = (dtype: DType) =>
  dtype === 'float64' ? -Number.MAX_VALUE : -3.4028234663852886e38;
