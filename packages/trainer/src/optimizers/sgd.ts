/**
 * Stochastic gradient descent with momentum, dampening, Nesterov momentum and L2 weight
 * decay, exactly `torch.optim.SGD` (the first step seeds the momentum buffer with the
 * gradient itself, undamped, as PyTorch does).
 *
 *   import { Sgd } from '@llm/trainer';
 *   const opt = new Sgd(model.parameters(), { lr: 0.1, momentum: 0.9, nesterov: true });
 *   loss.backward(); opt.step(); opt.zeroGrad();
 */
import type { Tensor } from '@llm/tensor-core';
import {
  BaseOptimizer,
  type BaseOptions,
  type OptimizerDef,
  type ParamGroupSpec,
  type ParamState,
  rounder,
} from '../optimizer.js';

export interface SgdOptions extends BaseOptions {
  /** Momentum factor (default 0: plain SGD). */
  readonly momentum?: number;
  /** Dampening of the momentum (default 0). */
  readonly dampening?: number;
  /** Nesterov momentum (needs momentum > 0 and dampening 0, as in PyTorch). */
  readonly nesterov?: boolean;
}

type Filled = SgdOptions & {
  momentum: number;
  dampening: number;
  nesterov: boolean;
  weightDecay: number;
};

export class Sgd extends BaseOptimizer<Filled> {
  readonly name = 'sgd';

  constructor(
    params: readonly Tensor[] | readonly ParamGroupSpec<SgdOptions>[],
    options: SgdOptions,
  ) {
    super(params as readonly ParamGroupSpec<Filled>[], {
      ...options,
      momentum: options.momentum ?? 0,
      dampening: options.dampening ?? 0,
      nesterov: options.nesterov ?? false,
      weightDecay: options.weightDecay ?? 0,
    });
  }

  protected override validate(o: Filled, group: number): void {
    super.validate(o, group);
    if (!(o.momentum >= 0)) throw new RangeError(`Sgd: momentum must be >= 0 (group ${group})`);
    if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0))
      throw new RangeError(
        `Sgd: Nesterov momentum needs momentum > 0 and dampening 0 (group ${group})`,
      );
  }

  protected initState(): ParamState {
    return {}; // the momentum buffer appears on the first step that uses it
  }

  protected update(p: Tensor, g: Float32Array | Float64Array, s: ParamState, o: Filled): void {
    const x = p.data as Float32Array | Float64Array;
    const f = rounder(x);
    const { momentum, dampening, nesterov, weightDecay } = o;
    const wd = f(weightDecay);
    const mom = f(momentum);
    const keep = f(1 - dampening);
    const negLr = f(-o.lr);
    // Every add_(x, alpha=a) is a fused multiply-add in torch's CPU kernel: one rounding.
    let buf = s.momentumBuffer as Float32Array | Float64Array | undefined;
    const first = buf === undefined && momentum !== 0;
    if (first) {
      buf = x instanceof Float64Array ? new Float64Array(x.length) : new Float32Array(x.length);
      s.momentumBuffer = buf;
    }
    for (let i = 0; i < x.length; i++) {
      let d = g[i]!;
      if (weightDecay !== 0) d = f(d + wd * x[i]!); // d_p.add(param, alpha=wd)
      if (buf !== undefined) {
        const b = first ? d : f(f(buf[i]! * mom) + keep * d); // buf.mul_(μ).add_(d_p, alpha=1 − τ)
        buf[i] = b;
        d = nesterov ? f(d + mom * b) : b; // d_p.add(buf, alpha=μ)
      }
      x[i] = f(x[i]! + negLr * d); // param.add_(d_p, alpha=−lr)
    }
  }
}

export const sgd: OptimizerDef<SgdOptions> = {
  name: 'sgd',
  summary: 'SGD with momentum, dampening, Nesterov and L2 weight decay (torch.optim.SGD)',
  create: (params, options) => new Sgd(params, options),
};
