/**
 * Conformance cases: each op file exports `<op>Checks`, and one test walks them all —
 * a float64 finite-difference gradient check for every case, and cpu-vs-gpu parity in
 * float32 for the cases marked `gpu`.
 *
 *   export const expChecks: OpCheck[] = [
 *     { name: 'exp', inputs: (rng) => [rand(rng, [3, 4])], run: (x) => exp(x), gpu: true },
 *   ];
 */
import type { Rng } from '../rng.js';
import { Tensor } from '../tensor.js';

export interface OpCheck {
  readonly name: string;
  /** The inputs, in float64; those with requiresGrad are checked. */
  readonly inputs: (rng: Rng) => Tensor[];
  readonly run: (...inputs: Tensor[]) => Tensor;
  /** Also compare the gpu backend with the cpu on these inputs (in float32). */
  readonly gpu?: boolean;
}

/** A float64 leaf with uniform values in [low, high), requiring a gradient. */
export function rand(rng: Rng, shape: number[], low = -1, high = 1, requiresGrad = true): Tensor {
  const n = shape.reduce((p, d) => p * d, 1);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = low + (high - low) * rng.uniform();
  return new Tensor(data, shape, requiresGrad);
}

/** Int32 values in [0, high) (ids, labels, masks): never differentiated. */
export function randInt(rng: Rng, shape: number[], high: number): Tensor {
  const n = shape.reduce((p, d) => p * d, 1);
  const data = new Int32Array(n);
  for (let i = 0; i < n; i++) data[i] = rng.int(high);
  return new Tensor(data, shape);
}
