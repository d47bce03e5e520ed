/**
 * Splits a model's trainable parameters into a decayed group and an undecayed one — the
 * usual "no weight decay on biases and norms" rule (by default: every tensor with fewer
 * than two axes, i.e. biases and LayerNorm / RMSNorm weights).
 *
 *   import { AdamW, paramGroups } from '@llm/trainer';
 *   const opt = new AdamW(paramGroups(model, { weightDecay: 0.1 }), { lr: 6e-4 });
 *   // → [{ params: matrices, weightDecay: 0.1 }, { params: biases and norms, weightDecay: 0 }]
 *
 * Frozen parameters (requiresGrad false) are left out; an empty group is dropped.
 */
import type { Tensor } from '@llm/tensor-core';
import type { ParamGroupSpec } from './optimizer.js';

/** Anything with named parameters: a `Module` from @llm/layers, or your own. */
export interface HasNamedParameters {
  namedParameters(): [string, Tensor][];
}

export interface ParamGroupsOptions {
  /** Weight decay of the decayed group. */
  readonly weightDecay: number;
  /** Which parameters get no decay (default: fewer than two axes). */
  readonly noDecay?: (name: string, param: Tensor) => boolean;
}

export function paramGroups(
  model: HasNamedParameters,
  options: ParamGroupsOptions,
): ParamGroupSpec[] {
  const { weightDecay, noDecay = (_name: string, p: Tensor) => p.ndim < 2 } = options;
  const decay: [string, Tensor][] = [];
  const plain: [string, Tensor][] = [];
  for (const [name, p] of model.namedParameters()) {
    if (!p.requiresGrad) continue;
    (noDecay(name, p) ? plain : decay).push([name, p]);
  }
  const group = (list: [string, Tensor][], wd: number): ParamGroupSpec => ({
    params: list.map(([, p]) => p),
    names: list.map(([n]) => n),
    weightDecay: wd,
  });
  const groups = [group(decay, weightDecay), group(plain, 0)].filter((g) => g.params.length > 0);
  if (groups.length === 0) throw new Error('paramGroups: the model has no trainable parameters');
  return groups;
}
