/**
 * Module: a tree of named parameters and sub-modules, with PyTorch's bookkeeping —
 * dotted names (as Hugging Face checkpoints spell them), state dicts, train / eval, freeze.
 *
 *   class Mlp extends Module {
 *     readonly fc = this.registerModule('c_fc', new Linear(768, 3072));
 *     readonly proj = this.registerModule('c_proj', new Linear(3072, 768));
 *     forward(x: Tensor) { return this.proj.forward(this.fc.forward(x).gelu()); }
 *   }
 *   const mlp = new Mlp();
 *   mlp.namedParameters().map(([name]) => name);  // ['c_fc.weight', 'c_fc.bias', 'c_proj.weight', ...]
 *   mlp.loadStateDict(weights);                   // strict: a report of what is missing / unexpected / mis-shaped
 */
import type { Tensor } from '@llm/tensor-core';

/** What loadStateDict found, by dotted name. */
export interface LoadReport {
  readonly missing: string[];
  readonly unexpected: string[];
  /** Names whose shapes differ: `name: expected [a, b], got [c]`. */
  readonly mismatched: string[];
}

export class StateDictError extends Error {
  override readonly name = 'StateDictError';
}

export class Module {
  /** True in training (dropout active), false after eval(). */
  training = true;
  private readonly ownParameters = new Map<string, Tensor>();
  private readonly ownBuffers = new Map<string, Tensor>();
  private readonly ownChildren = new Map<string, Module>();

  /** Registers a trainable tensor under `name` and returns it (marked requiresGrad). */
  registerParameter(name: string, tensor: Tensor): Tensor {
    checkName(name);
    tensor.requiresGrad = true;
    this.ownParameters.set(name, tensor);
    return tensor;
  }

  /** A non-trainable tensor that is part of the state dict (unless persistent is false). */
  registerBuffer(name: string, tensor: Tensor, persistent = true): Tensor {
    checkName(name);
    if (persistent) this.ownBuffers.set(name, tensor);
    return tensor;
  }

  registerModule<M extends Module>(name: string, module: M): M {
    checkName(name);
    this.ownChildren.set(name, module);
    return module;
  }

  /** Replaces a registered parameter (e.g. to tie it to another module's tensor). */
  setParameter(name: string, tensor: Tensor): void {
    if (!this.ownParameters.has(name)) throw new Error(`setParameter: no parameter '${name}'`);
    this.ownParameters.set(name, tensor);
  }

  /**
   * The sub-module at a dotted path, as torch's get_submodule:
   * `model.getSubmodule('transformer.h.0.attn.c_attn')`. '' is this module.
   */
  getSubmodule(path: string): Module {
    let m: Module = this;
    if (path === '') return m;
    let walked = '';
    for (const part of path.split('.')) {
      const child = m.ownChildren.get(part);
      if (child === undefined) {
        const where = walked === '' ? 'the root module' : `'${walked}'`;
        const has = [...m.ownChildren.keys()].join(', ') || 'no sub-modules';
        throw new Error(`getSubmodule('${path}'): ${where} has no sub-module '${part}' (${has})`);
      }
      m = child;
      walked = join(walked, part);
    }
    return m;
  }

  /**
   * Replaces the sub-module at a dotted path (torch's set_submodule), e.g. to wrap a
   * projection in a LoRA layer without knowing the model. The parent's fields that held
   * the old module now hold the new one, so its forward calls the replacement.
   */
  setSubmodule(path: string, module: Module): void {
    const cut = path.lastIndexOf('.');
    const parent = this.getSubmodule(cut === -1 ? '' : path.slice(0, cut));
    const name = path.slice(cut + 1);
    const old = parent.ownChildren.get(name);
    if (old === undefined) {
      const has = [...parent.ownChildren.keys()].join(', ') || 'no sub-modules';
      throw new Error(`setSubmodule('${path}'): no sub-module '${name}' to replace (${has})`);
    }
    parent.replaceChild(name, old, module);
  }

  /** Swaps a registered child and every own field that referred to it. */
  protected replaceChild(name: string, old: Module, replacement: Module): void {
    this.ownChildren.set(name, replacement);
    const fields = this as unknown as Record<string, unknown>;
    for (const key of Object.keys(fields)) if (fields[key] === old) fields[key] = replacement;
  }

  children(): [string, Module][] {
    return [...this.ownChildren];
  }

  /** Every sub-module with its dotted path, this one first as ''. */
  namedModules(prefix = ''): [string, Module][] {
    const out: [string, Module][] = [[prefix, this]];
    for (const [name, child] of this.ownChildren)
      out.push(...child.namedModules(join(prefix, name)));
    return out;
  }

  /**
   * Every parameter by dotted name, each tensor once (a tied weight appears under the
   * first name that reaches it, as torch's named_parameters).
   */
  namedParameters(): [string, Tensor][] {
    const seen = new Set<Tensor>();
    const out: [string, Tensor][] = [];
    for (const [path, module] of this.namedModules()) {
      for (const [name, p] of module.ownParameters) {
        if (seen.has(p)) continue;
        seen.add(p);
        out.push([join(path, name), p]);
      }
    }
    return out;
  }

  parameters(): Tensor[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** Parameters and persistent buffers by dotted name — every name, tied ones included. */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [path, module] of this.namedModules()) {
      for (const [name, p] of module.ownParameters) out[join(path, name)] = p;
      for (const [name, b] of module.ownBuffers) out[join(path, name)] = b;
    }
    return out;
  }

  /**
   * Copies values in by name. Everything is checked before anything is written, so a
   * failed load never leaves a half-loaded model. Strict (the default) throws one line
   * listing what is missing, unexpected or mis-shaped; non-strict loads what matches and
   * returns the report.
   */
  loadStateDict(state: Record<string, Tensor>, options: { strict?: boolean } = {}): LoadReport {
    const { strict = true } = options;
    const own = this.stateDict();
    const missing = Object.keys(own).filter((k) => !(k in state));
    const unexpected = Object.keys(state).filter((k) => !(k in own));
    const mismatched: string[] = [];
    for (const [k, t] of Object.entries(own)) {
      const src = state[k];
      if (
        src &&
        (src.shape.length !== t.shape.length || src.shape.some((d, i) => d !== t.shape[i]))
      ) {
        mismatched.push(`${k}: expected [${t.shape.join(', ')}], got [${src.shape.join(', ')}]`);
      }
    }
    const report = { missing, unexpected, mismatched };
    if (mismatched.length > 0 || (strict && (missing.length > 0 || unexpected.length > 0))) {
      throw new StateDictError(describeReport(report));
    }
    for (const [k, t] of Object.entries(own)) {
      const src = state[k];
      if (src) t.data.set(src.dtype === t.dtype ? src.data : src.to(t.dtype).data);
    }
    return report;
  }

  /** Training mode (dropout on) for this module and every sub-module. */
  train(mode = true): this {
    for (const [, m] of this.namedModules()) m.training = mode;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  /** Stops (or restarts) gradients for every parameter: a frozen layer is not trained. */
  freeze(): this {
    for (const p of this.parameters()) p.requiresGrad = false;
    return this;
  }

  unfreeze(): this {
    for (const p of this.parameters()) p.requiresGrad = true;
    return this;
  }

  /** Drops every parameter's accumulated gradient. */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  /** Number of scalar parameters (each tied tensor once); `trainable` counts unfrozen ones. */
  numParameters(options: { trainable?: boolean } = {}): number {
    return this.parameters()
      .filter((p) => !options.trainable || p.requiresGrad)
      .reduce((n, p) => n + p.size, 0);
  }
}

/** A numbered list of sub-modules, named '0', '1', … as nn.ModuleList. */
export class ModuleList<M extends Module> extends Module {
  readonly items: M[];

  constructor(items: readonly M[]) {
    super();
    this.items = [...items];
    this.items.forEach((m, i) => {
      this.registerModule(String(i), m);
    });
  }

  get length(): number {
    return this.items.length;
  }

  protected override replaceChild(name: string, old: Module, replacement: Module): void {
    super.replaceChild(name, old, replacement);
    this.items[Number(name)] = replacement as M;
  }

  at(i: number): M {
    const m = this.items[i < 0 ? i + this.items.length : i];
    if (m === undefined) throw new RangeError(`ModuleList: no item ${i} of ${this.items.length}`);
    return m;
  }

  [Symbol.iterator](): Iterator<M> {
    return this.items[Symbol.iterator]();
  }
}

export function describeReport(report: LoadReport, limit = 8): string {
  const list = (label: string, names: string[]) => {
    if (names.length === 0) return null;
    const shown = names.slice(0, limit).join(', ');
    return `${label} (${names.length}): ${shown}${names.length > limit ? ', …' : ''}`;
  };
  return (
    [
      list('missing', report.missing),
      list('unexpected', report.unexpected),
      list('mis-shaped', report.mismatched),
    ]
      .filter(Boolean)
      .join('; ') || 'state dict matches'
  );
}

const join = (prefix: string, name: string) => (prefix ? `${prefix}.${name}` : name);

function checkName(name: string): void {
  if (name === '' || name.includes('.'))
    throw new Error(`Module: invalid name '${name}' (non-empty, no dots)`);
}
