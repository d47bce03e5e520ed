/**
 * The global L2 norm of the gradients, and clipping to a maximum norm —
 * `torch.nn.utils.clip_grad_norm_`: every gradient is scaled by
 * maxNorm / (norm + 1e-6) when that is below 1, and the norm before clipping is returned.
 *
 *   import { clipGradNorm } from '@llm/trainer';
 *   loss.backward();
 *   const norm = clipGradNorm(model.parameters(), 1.0);   // NaN / Infinity when a gradient is not finite
 *
 * A non-finite norm clips nothing (scaling by NaN would poison every parameter): the
 * caller decides to skip the step or stop.
 */
import type { Tensor } from '@llm/tensor-core';

/** √(Σ g²) over every parameter that has a gradient, summed in float64. */
export function gradNorm(params: Iterable<Tensor>): number {
  let sum = 0;
  for (const p of params) {
    const g = p.grad?.data;
    if (!g) continue;
    for (let i = 0; i < g.length; i++) sum += g[i]! * g[i]!;
  }
  return Math.sqrt(sum);
}

/** Clips the gradients in place to a global norm of at most `maxNorm`; returns the norm before. */
export function clipGradNorm(params: Iterable<Tensor>, maxNorm: number): number {
  if (!(maxNorm > 0)) throw new RangeError(`clipGradNorm: maxNorm must be > 0, got ${maxNorm}`);
  const list = [...params];
  const norm = gradNorm(list);
  if (!Number.isFinite(norm)) return norm;
  const coef = maxNorm / (norm + 1e-6);
  if (coef >= 1) return norm;
  for (const p of list) {
    const g = p.grad?.data;
    if (!g) continue;
    const c = g instanceof Float32Array ? Math.fround(coef) : coef;
    for (let i = 0; i < g.length; i++) g[i] = g[i]! * c;
  }
  return norm;
}
