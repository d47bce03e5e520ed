import { readdirSync, readFileSync } from 'node:fs';
import { type Tensor, tensor } from '@llm/tensor-core';
import { describe, expect, it } from 'vitest';
import type { Optimizer, ParamGroupSpec } from '../optimizer.js';
import { getOptimizer, optimizers } from '../optimizer-registry.js';
import * as exported from './index.js';

// torch.optim trajectories, made by test/fixtures/make-optimizer-vectors.py (torch 1.13.1)
interface Vec {
  shape: number[];
  data: number[];
}
interface Case {
  name: string;
  initial: Record<string, Vec>;
  grads: Record<string, Vec>[];
  lrFactors: number[];
  after: Record<string, Vec>[];
}
const vectors = JSON.parse(
  readFileSync(new URL('../../test/fixtures/optimizer-vectors.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

type Params = Record<'weight' | 'bias' | 'norm', Tensor>;
const oneGroup = (p: Params) => [p.weight, p.bias, p.norm];
// the script's decay_groups: no decay and lr 5e-3 on the vectors
const decayGroups = (p: Params): ParamGroupSpec[] => [
  { params: [p.weight] },
  { params: [p.bias, p.norm], weightDecay: 0, lr: 5e-3 },
];

const builders: Record<string, (p: Params) => Optimizer> = {
  adamw: (p) =>
    new exported.AdamW(oneGroup(p), {
      lr: 1e-3,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weightDecay: 0.01,
    }),
  'adamw-groups': (p) =>
    new exported.AdamW(decayGroups(p), {
      lr: 1e-2,
      betas: [0.8, 0.95],
      eps: 1e-6,
      weightDecay: 0.1,
    }),
  adam: (p) =>
    new exported.Adam(oneGroup(p), { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0.01 }),
  sgd: (p) => new exported.Sgd(oneGroup(p), { lr: 0.1 }),
  'sgd-momentum': (p) =>
    new exported.Sgd(decayGroups(p), {
      lr: 0.05,
      momentum: 0.9,
      dampening: 0.1,
      weightDecay: 0.01,
    }),
  'sgd-nesterov': (p) =>
    new exported.Sgd(oneGroup(p), { lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.001 }),
};

const f32 = (v: Vec) => tensor(Float32Array.from(v.data), v.shape);

function runCase(c: Case, upTo = c.after.length, resumeAt?: number) {
  const params = Object.fromEntries(
    Object.entries(c.initial).map(([k, v]) => [k, f32(v).requiresGrad_()]),
  ) as Params;
  let opt = builders[c.name]!(params);
  for (let s = 0; s < upTo; s++) {
    if (s === resumeAt) {
      // a fresh optimizer over the same tensors, restored from the saved state
      const saved = opt.stateDict();
      opt = builders[c.name]!(params);
      opt.loadStateDict(saved);
    }
    for (const g of opt.groups) g.options.lr = g.initialLr * c.lrFactors[s]!;
    for (const [k, p] of Object.entries(params)) p.grad = f32(c.grads[s]![k]!);
    opt.step();
  }
  return params;
}

describe('optimizers against torch.optim (bit for bit)', () => {
  it('has a builder for every vector case', () => {
    expect(vectors.cases.map((c) => c.name).sort()).toEqual(Object.keys(builders).sort());
  });

  for (const c of vectors.cases) {
    it(`${c.name}: every parameter after every step equals PyTorch's float32 exactly`, () => {
      for (let steps = 1; steps <= c.after.length; steps++) {
        const params = runCase(c, steps);
        for (const [k, p] of Object.entries(params)) {
          expect([...p.data], `${c.name} ${k} after step ${steps}`).toEqual(
            c.after[steps - 1]![k]!.data,
          );
        }
      }
    });

    it(`${c.name}: state saved at step 3 and loaded into a fresh optimizer continues identically`, () => {
      const params = runCase(c, c.after.length, 3);
      for (const [k, p] of Object.entries(params))
        expect([...p.data]).toEqual(c.after.at(-1)![k]!.data);
    });
  }

  it('skips parameters without a gradient (their state stays untouched)', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3, 4], { requiresGrad: true });
    const opt = new exported.AdamW([a, b], { lr: 0.1 });
    a.grad = tensor([1, 1]);
    opt.step();
    expect([...b.data]).toEqual([3, 4]);
    expect(opt.stateDict().state[1]).toBeNull();
    expect(a.data[0]).not.toBe(1);
  });

  it('refuses a state written for other parameters, leaving its own state as it was', () => {
    const a = tensor([1, 2, 3], { requiresGrad: true });
    const opt = new exported.AdamW([a], { lr: 0.1 });
    a.grad = tensor([1, 1, 1]);
    opt.step();
    const before = opt.stateDict();
    const other = new exported.AdamW([tensor([1, 2], { requiresGrad: true })], { lr: 0.1 });
    const o = other.groups[0]!.params[0]!;
    o.grad = tensor([1, 1]);
    other.step();
    expect(() => opt.loadStateDict(other.stateDict())).toThrow(/shape \[2\], the parameter \[3\]/);
    expect(() => opt.loadStateDict({ ...before, name: 'sgd' })).toThrow(
      /it is for sgd, this is adamw/,
    );
    expect(() => opt.loadStateDict({ ...before, state: [] })).toThrow(/0 parameters saved, 1 here/);
    expect(opt.stateDict()).toEqual(before);
  });

  it('refuses bad hyper-parameters with a message naming them', () => {
    const p = [tensor([1], { requiresGrad: true })];
    expect(() => new exported.AdamW(p, { lr: -1 })).toThrow(/lr must be >= 0/);
    expect(() => new exported.AdamW(p, { lr: 1, betas: [1, 0.9] })).toThrow(/betas/);
    expect(() => new exported.Sgd(p, { lr: 1, nesterov: true })).toThrow(/Nesterov/);
    expect(() => new exported.Sgd([p[0]!, p[0]!], { lr: 1 })).toThrow(/appears twice/);
  });
});

describe('optimizer registry', () => {
  it('lists every optimizer by name and builds one', () => {
    expect(Object.keys(optimizers)).toEqual(['adam', 'adamw', 'sgd']);
    const p = tensor([1, 2], { requiresGrad: true });
    const opt = getOptimizer('adamw').create([p], { lr: 0.5, weightDecay: 0 });
    expect(opt.name).toBe('adamw');
    expect(opt.groups[0]!.options.lr).toBe(0.5);
    expect(() => getOptimizer('lion')).toThrow(
      "unknown optimizer 'lion' (available: adam, adamw, sgd)",
    );
  });

  it('exports every optimizer file from optimizers/index.ts', () => {
    const files = readdirSync(new URL('./', import.meta.url)).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts',
    );
    const source = readFileSync(new URL('./index.ts', import.meta.url), 'utf8');
    for (const file of files)
      expect(source, `${file} is not exported`).toContain(`'./${file.replace(/\.ts$/, '.js')}'`);
    expect(Object.keys(optimizers)).toHaveLength(files.length);
  });
});
