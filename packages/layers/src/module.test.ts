import { type Tensor, tensor, zeros } from '@llm/tensor-core';
import { describe, expect, it } from 'vitest';
import { Dropout } from './dropout.js';
import { Embedding } from './embedding.js';
import { LayerNorm } from './layer-norm.js';
import { Linear } from './linear.js';
import { Module, ModuleList, StateDictError } from './module.js';

class Block extends Module {
  readonly ln = this.registerModule('ln_1', new LayerNorm(4));
  readonly fc = this.registerModule('mlp', new Linear(4, 4));
  readonly drop = this.registerModule('drop', new Dropout(0.5));
}

class Tiny extends Module {
  readonly wte = this.registerModule('wte', new Embedding(10, 4));
  readonly h = this.registerModule('h', new ModuleList([new Block(), new Block()]));
  readonly head = this.registerModule('lm_head', new Linear(4, 10, { bias: false }));
  constructor() {
    super();
    this.head.setParameter('weight', this.wte.weight); // tied, as GPT-2
  }
}

describe('Module', () => {
  it('names parameters with HF-style dotted paths, a tied tensor once', () => {
    const m = new Tiny();
    expect(m.namedParameters().map(([n]) => n)).toEqual([
      'wte.weight',
      'h.0.ln_1.weight',
      'h.0.ln_1.bias',
      'h.0.mlp.weight',
      'h.0.mlp.bias',
      'h.1.ln_1.weight',
      'h.1.ln_1.bias',
      'h.1.mlp.weight',
      'h.1.mlp.bias',
    ]);
    expect(Object.keys(m.stateDict())).toContain('lm_head.weight'); // the state dict keeps both names
    expect(m.numParameters()).toBe(10 * 4 + 2 * (4 + 4 + 16 + 4));
  });

  it('loads a state dict strictly, or reports what is missing, unexpected and mis-shaped', () => {
    const a = new Tiny();
    const b = new Tiny();
    b.loadStateDict(a.stateDict());
    expect(Array.from(b.stateDict()['h.1.mlp.weight']!.data)).toEqual(
      Array.from(a.stateDict()['h.1.mlp.weight']!.data),
    );

    const partial: Record<string, Tensor> = { ...a.stateDict(), extra: zeros([1]) };
    delete partial['h.0.ln_1.bias'];
    expect(() => b.loadStateDict(partial)).toThrow(
      'missing (1): h.0.ln_1.bias; unexpected (1): extra',
    );
    const report = b.loadStateDict(partial, { strict: false });
    expect(report.missing).toEqual(['h.0.ln_1.bias']);
    expect(report.unexpected).toEqual(['extra']);
  });

  it('never half-loads: a mis-shaped tensor aborts before anything is written', () => {
    const a = new Tiny();
    const b = new Tiny();
    const before = Array.from(b.stateDict()['wte.weight']!.data);
    const bad = { ...a.stateDict(), 'h.1.mlp.bias': zeros([5]) };
    expect(() => b.loadStateDict(bad, { strict: false })).toThrow(StateDictError);
    expect(() => b.loadStateDict(bad, { strict: false })).toThrow(
      'mis-shaped (1): h.1.mlp.bias: expected [4], got [5]',
    );
    expect(Array.from(b.stateDict()['wte.weight']!.data)).toEqual(before);
  });

  it('train / eval reach every sub-module; eval turns dropout into the identity', () => {
    const m = new Tiny().eval();
    expect(m.namedModules().every(([, x]) => !x.training)).toBe(true);
    const x = tensor([[1, 2, 3, 4]]);
    expect(m.h.at(0).drop.forward(x)).toBe(x);
    m.train();
    expect(m.h.at(1).drop.training).toBe(true);
  });

  it('freeze / unfreeze and the trainable count', () => {
    const m = new Tiny();
    m.h.at(0).freeze();
    expect(m.numParameters({ trainable: true })).toBe(m.numParameters() - 28);
    m.unfreeze();
    expect(m.numParameters({ trainable: true })).toBe(m.numParameters());
  });

  it('refuses dotted or empty names', () => {
    expect(() => new Module().registerModule('a.b', new Module())).toThrow(/invalid name 'a.b'/);
  });
});

describe('layers', () => {
  it('Linear computes x·Wᵀ + b and initialises W ~ N(0, 0.02²), b = 0', () => {
    const lin = new Linear(3, 2);
    lin.weight.data.set([1, 2, 3, 4, 5, 6]);
    lin.bias!.data.set([10, 20]);
    expect(lin.forward(tensor([[1, 0, -1]])).toArray()).toEqual([[8, 18]]);
    const big = new Linear(200, 200);
    const w = Array.from(big.weight.data);
    const std = Math.sqrt(w.reduce((s, v) => s + v * v, 0) / w.length);
    expect(std).toBeGreaterThan(0.019);
    expect(std).toBeLessThan(0.021);
    expect(Array.from(big.bias!.data).every((v) => v === 0)).toBe(true);
  });

  it('Embedding looks rows up and sends gradients back to them', () => {
    const e = new Embedding(3, 2);
    e.weight.data.set([1, 1, 2, 2, 3, 3]);
    const ids = tensor([[2, 2, 0]], { dtype: 'int32' });
    const y = e.forward(ids);
    expect(y.toArray()).toEqual([
      [
        [3, 3],
        [3, 3],
        [1, 1],
      ],
    ]);
    y.sum().backward();
    expect(e.weight.grad!.toArray()).toEqual([
      [1, 1],
      [0, 0],
      [2, 2],
    ]);
  });
});

describe('Module.getSubmodule / setSubmodule', () => {
  it('finds a sub-module by dotted path, as torch get_submodule', () => {
    const m = new Tiny();
    expect(m.getSubmodule('h.1.mlp')).toBe(m.h.at(1).fc);
    expect(m.getSubmodule('')).toBe(m);
    expect(() => m.getSubmodule('h.2.mlp')).toThrow(/'h' has no sub-module '2' \(0, 1\)/);
    expect(() => m.getSubmodule('nope')).toThrow(/the root module has no sub-module 'nope'/);
  });

  it('replaces by path: the state dict, the parent field and the list item all see the new one', () => {
    const m = new Tiny();
    const replacement = new Linear(4, 4, { bias: false });
    m.setSubmodule('h.0.mlp', replacement);
    expect(m.h.at(0).fc).toBe(replacement); // the field forward uses
    expect(m.getSubmodule('h.0.mlp')).toBe(replacement);
    expect(Object.keys(m.stateDict())).not.toContain('h.0.mlp.bias');
    expect(Object.keys(m.stateDict())).toContain('h.1.mlp.bias');
    const block = new Block();
    m.setSubmodule('h.1', block);
    expect(m.h.at(1)).toBe(block);
    expect([...m.h][1]).toBe(block);
    expect(() => m.setSubmodule('h.0.nope', block)).toThrow(/no sub-module 'nope' to replace/);
  });
});
