/**
 * The `Optimizer` interface the training loop knows, and `BaseOptimizer`, which the
 * built-in optimizers extend: parameter groups, a per-parameter state, and state save /
 * load that refuses a state written for other parameters.
 *
 *   import { AdamW, paramGroups } from '@llm/trainer';
 *   const opt = new AdamW(paramGroups(model, { weightDecay: 0.01 }), { lr: 1e-3 });
 *   loss.backward();
 *   opt.step();            // updates every parameter that has a gradient
 *   opt.zeroGrad();
 *   const saved = opt.stateDict();   // tensors inside: packState(saved) for a checkpoint
 *
 * Like torch.optim, the learning rate lives on each group (`group.lr`) and a schedule
 * rescales it from `group.initialLr` before each step.
 */
import { type Tensor, tensor } from '@llm/tensor-core';

/** Hyper-parameters every optimizer has; each optimizer adds its own. */
export interface BaseOptions {
  /** Learning rate (before any schedule). */
  readonly lr: number;
  /** Weight decay (L2 for SGD / Adam, decoupled for AdamW); 0 turns it off. */
  readonly weightDecay?: number;
}

/** Parameters with their own options, e.g. `{ params: biases, weightDecay: 0 }`. */
export type ParamGroupSpec<O extends BaseOptions = BaseOptions> = {
  readonly params: readonly Tensor[];
  /** Dotted names of `params`, kept for reports (optional). */
  readonly names?: readonly string[];
} & Partial<O>;

export interface ParamGroup<O extends BaseOptions = BaseOptions> {
  readonly params: readonly Tensor[];
  readonly names?: readonly string[];
  /** The options of this group, defaults filled in. `lr` is the rate of the next step. */
  options: O & { lr: number };
  /** The learning rate the group was created with: schedules scale this one. */
  readonly initialLr: number;
}

/** An optimizer's state as plain data with tensors, ready for `packState`. */
export interface OptimizerState {
  readonly name: string;
  /** Each group's options (lr included) and initial lr, in group order. */
  readonly groups: readonly {
    readonly options: Record<string, unknown>;
    readonly initialLr: number;
  }[];
  /** Per parameter, in group order then parameter order: its buffers, or null if untouched. */
  readonly state: readonly (Record<string, Tensor | number> | null)[];
}

/** What `train()` needs from an optimizer. */
export interface Optimizer {
  readonly name: string;
  readonly groups: readonly ParamGroup[];
  /** Applies one update from the parameters' `.grad` (parameters without one are skipped). */
  step(): void;
  /** Drops every parameter's gradient. */
  zeroGrad(): void;
  stateDict(): OptimizerState;
  /** Restores a state from `stateDict()`; one-line error when it was written for other parameters. */
  loadStateDict(state: OptimizerState): void;
}

export class OptimizerStateError extends Error {
  override readonly name = 'OptimizerStateError';
}

/** Per-parameter buffers as flat typed arrays (the parameter's own dtype). */
export type ParamState = Record<string, Float32Array | Float64Array | number>;

export abstract class BaseOptimizer<O extends BaseOptions> implements Optimizer {
  abstract readonly name: string;
  readonly groups: ParamGroup<O>[];
  protected readonly state = new Map<Tensor, ParamState>();

  constructor(params: readonly Tensor[] | readonly ParamGroupSpec<O>[], defaults: O) {
    const specs: readonly ParamGroupSpec<O>[] =
      params.length > 0 && isTensorList(params)
        ? [{ params } as ParamGroupSpec<O>]
        : (params as readonly ParamGroupSpec<O>[]);
    if (specs.length === 0) throw new Error('optimizer: no parameters to optimize');
    const seen = new Set<Tensor>();
    this.groups = specs.map((spec, g) => {
      const { params: ps, names, ...overrides } = spec;
      for (const p of ps) {
        if (seen.has(p)) throw new Error(`optimizer: a parameter appears twice (group ${g})`);
        seen.add(p);
        if (p.dtype === 'int32') throw new Error(`optimizer: group ${g} holds an int32 tensor`);
      }
      const options = { ...defaults, ...stripUndefined(overrides) } as O & { lr: number };
      this.validate(options, g);
      return {
        params: [...ps],
        ...(names ? { names: [...names] } : {}),
        options,
        initialLr: options.lr,
      };
    });
  }

  /** Throws on an option out of range (group index for the message). */
  protected validate(options: O, group: number): void {
    if (!(options.lr >= 0))
      throw new RangeError(`${this.label()}: lr must be >= 0 (group ${group})`);
    if (!((options.weightDecay ?? 0) >= 0))
      throw new RangeError(`${this.label()}: weightDecay must be >= 0 (group ${group})`);
  }

  private label(): string {
    return this.constructor.name;
  }

  /** Creates the buffers of a parameter on its first update. */
  protected abstract initState(p: Tensor): ParamState;

  /** Updates `p.data` in place from `grad`, with `state` and the group's `options`. */
  protected abstract update(
    p: Tensor,
    grad: Float32Array | Float64Array,
    state: ParamState,
    options: O,
  ): void;

  step(): void {
    for (const group of this.groups) {
      for (const p of group.params) {
        const g = p.grad;
        if (g === null) continue;
        let s = this.state.get(p);
        if (s === undefined) {
          s = this.initState(p);
          this.state.set(p, s);
        }
        this.update(p, g.data as Float32Array | Float64Array, s, group.options);
      }
    }
  }

  zeroGrad(): void {
    for (const group of this.groups) for (const p of group.params) p.grad = null;
  }

  stateDict(): OptimizerState {
    const state: (Record<string, Tensor | number> | null)[] = [];
    for (const group of this.groups) {
      for (const p of group.params) {
        const s = this.state.get(p);
        if (!s) {
          state.push(null);
          continue;
        }
        const out: Record<string, Tensor | number> = {};
        for (const [k, v] of Object.entries(s)) {
          out[k] = typeof v === 'number' ? v : tensor(v.slice(), [...p.shape]);
        }
        state.push(out);
      }
    }
    return {
      name: this.name,
      groups: this.groups.map((g) => ({
        options: { ...g.options } as unknown as Record<string, unknown>,
        initialLr: g.initialLr,
      })),
      state,
    };
  }

  loadStateDict(saved: OptimizerState): void {
    const fail = (why: string) => {
      throw new OptimizerStateError(`optimizer state does not fit: ${why}`);
    };
    if (saved.name !== this.name) fail(`it is for ${saved.name}, this is ${this.name}`);
    if (saved.groups.length !== this.groups.length)
      fail(`${saved.groups.length} parameter groups saved, ${this.groups.length} here`);
    const params = this.groups.flatMap((g) => g.params);
    if (saved.state.length !== params.length)
      fail(`${saved.state.length} parameters saved, ${params.length} here`);
    // Check everything before writing anything: a failed load leaves the optimizer as it was.
    const restored = new Map<Tensor, ParamState>();
    params.forEach((p, i) => {
      const s = saved.state[i];
      if (!s) return;
      const out: ParamState = {};
      for (const [k, v] of Object.entries(s)) {
        if (typeof v === 'number') {
          out[k] = v;
          continue;
        }
        if (v.size !== p.size || v.shape.some((d, j) => d !== p.shape[j]))
          fail(
            `parameter ${i} '${k}' has shape [${v.shape.join(', ')}], the parameter [${p.shape.join(', ')}]`,
          );
        const copy = p.dtype === 'float64' ? new Float64Array(v.size) : new Float32Array(v.size);
        copy.set(v.data);
        out[k] = copy;
      }
      restored.set(p, out);
    });
    this.groups.forEach((g, i) => {
      const sg = saved.groups[i]!;
      g.options = { ...g.options, ...(sg.options as Partial<O>) };
      (g as { initialLr: number }).initialLr = sg.initialLr;
    });
    this.state.clear();
    for (const [p, s] of restored) this.state.set(p, s);
  }
}

function isTensorList(params: readonly unknown[]): params is readonly Tensor[] {
  return params.every((p) => typeof p === 'object' && p !== null && 'data' in p && 'shape' in p);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** `Math.fround` for float32 storage, the identity for float64: each op rounds as torch's float32 kernels do. */
export function rounder(data: Float32Array | Float64Array): (x: number) => number {
  return data instanceof Float32Array ? Math.fround : (x) => x;
}

/** A registry entry: how `llm train --optimizer NAME` (or any caller by name) builds one. */
export interface OptimizerDef<O extends BaseOptions = BaseOptions> {
  /** The name in configs and on the command line, e.g. 'adamw'. */
  readonly name: string;
  readonly summary: string;
  create(params: readonly Tensor[] | readonly ParamGroupSpec<O>[], options: O): Optimizer;
}
