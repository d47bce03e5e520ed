/**
 * Adam (Kingma & Ba), exactly `torch.optim.Adam`: weight decay, if any, is L2 — added to
 * the gradient before the moments (AdamW decouples it instead).
 *
 *   import { Adam } from '@llm/trainer';
 *   const opt = new Adam(model.parameters(), { lr: 1e-3 });
 *   loss.backward(); opt.step(); opt.zeroGrad();
 */
import type { Tensor } from '@llm/tensor-core';
import type { OptimizerDef, ParamGroupSpec } from '../optimizer.js';
import { type AdamOptions, AdamW } from './adam-w.js';

export class Adam extends AdamW {
  override readonly name: string = 'adam';

  constructor(
    params: readonly Tensor[] | readonly ParamGroupSpec<AdamOptions>[],
    options: AdamOptions,
  ) {
    super(params, { ...options, weightDecay: options.weightDecay ?? 0 }); // torch's Adam defaults weight_decay to 0
  }

  protected override get decoupled(): boolean {
    return false;
  }
}

export const adam: OptimizerDef<AdamOptions> = {
  name: 'adam',
  summary: 'Adam with optional L2 weight decay (torch.optim.Adam)',
  create: (params, options) => new Adam(params, options),
};
