/**
 * AdamW: Adam with decoupled weight decay (Loshchilov & Hutter), exactly
 * `torch.optim.AdamW` — the same float32 operations in the same order, so parameters
 * agree bit for bit with PyTorch's single-tensor CPU path.
 *
 *   import { AdamW, paramGroups } from '@llm/trainer';
 *   const opt = new AdamW(paramGroups(model, { weightDecay: 0.01 }), { lr: 1e-3 });
 *   loss.backward(); opt.step(); opt.zeroGrad();
 *
 * Per parameter, at step t:
 *   p ← p·(1 − lr·wd);  m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²
 *   p ← p − (lr / (1−β1ᵗ)) · m / (√v / √(1−β2ᵗ) + ε)
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

export interface AdamOptions extends BaseOptions {
  /** Decay rates of the first and second moments (default [0.9, 0.999]). */
  readonly betas?: readonly [number, number];
  /** Added to the denominator for stability (default 1e-8). */
  readonly eps?: number;
}

type Filled = AdamOptions & { betas: readonly [number, number]; eps: number; weightDecay: number };

export class AdamW extends BaseOptimizer<Filled> {
  readonly name: string = 'adamw';

  constructor(
    params: readonly Tensor[] | readonly ParamGroupSpec<AdamOptions>[],
    options: AdamOptions,
  ) {
    // torch's AdamW defaults weight_decay to 1e-2; Adam (subclass) passes its own 0
    super(
      params as readonly ParamGroupSpec<Filled>[],
      {
        betas: [0.9, 0.999],
        eps: 1e-8,
        weightDecay: 0.01,
        ...stripUndefined(options),
      } as Filled,
    );
  }

  protected override validate(options: Filled, group: number): void {
    super.validate(options, group);
    const [b1, b2] = options.betas;
    if (!(b1 >= 0 && b1 < 1 && b2 >= 0 && b2 < 1))
      throw new RangeError(`${this.constructor.name}: betas must be in [0, 1) (group ${group})`);
    if (!(options.eps >= 0))
      throw new RangeError(`${this.constructor.name}: eps must be >= 0 (group ${group})`);
  }

  protected initState(p: Tensor): ParamState {
    const make = () =>
      p.dtype === 'float64' ? new Float64Array(p.size) : new Float32Array(p.size);
    return { step: 0, expAvg: make(), expAvgSq: make() };
  }

  protected update(p: Tensor, g: Float32Array | Float64Array, s: ParamState, o: Filled): void {
    const x = p.data as Float32Array | Float64Array;
    const m = s.expAvg as Float32Array | Float64Array;
    const v = s.expAvgSq as Float32Array | Float64Array;
    const step = (s.step as number) + 1;
    s.step = step;
    const f = rounder(x);
    const { lr, eps, weightDecay } = o;
    const [b1, b2] = o.betas;
    // Python-side scalars are doubles; each becomes a float32 when it meets a float32 tensor.
    // torch's add_(x, alpha=a) is a fused multiply-add on CPU: a·x of two float32s is exact
    // in float64, so the sum rounded once to float32 is the fused result; mul_, addcmul_
    // and addcdiv_ round after every operation.
    const decay = f(1 - lr * weightDecay);
    const stepSize = f(-(lr / (1 - b1 ** step)));
    const bc2Sqrt = f(Math.sqrt(1 - b2 ** step));
    const fb1 = f(b1);
    const fb2 = f(b2);
    const c1 = f(1 - b1);
    const c2 = f(1 - b2);
    const fe = f(eps);
    const decoupled = this.decoupled;
    const l2 = f(weightDecay);
    for (let i = 0; i < x.length; i++) {
      let gi = g[i]!;
      if (decoupled)
        x[i] = f(x[i]! * decay); // param.mul_(1 − lr·wd)
      else if (weightDecay !== 0) gi = f(gi + l2 * x[i]!); // grad.add(param, alpha=wd): fused
      const mi = f(f(m[i]! * fb1) + c1 * gi); // exp_avg.mul_(β1).add_(g, alpha=1 − β1): fused
      const vi = f(f(v[i]! * fb2) + f(f(c2 * gi) * gi)); // exp_avg_sq.mul_(β2).addcmul_(g, g, value=1 − β2)
      m[i] = mi;
      v[i] = vi;
      const denom = f(f(f(Math.sqrt(vi)) / bc2Sqrt) + fe); // (√v / √bc2).add_(ε)
      x[i] = f(x[i]! + f(f(stepSize * mi) / denom)); // param.addcdiv_(m, denom, value=−step_size)
    }
  }

  /** AdamW decays the weights directly; Adam adds wd·p to the gradient instead. */
  protected get decoupled(): boolean {
    return true;
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export const adamW: OptimizerDef<AdamOptions> = {
  name: 'adamw',
  summary: 'Adam with decoupled weight decay (torch.optim.AdamW)',
  create: (params, options) => new AdamW(params, options),
};
