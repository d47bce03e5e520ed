import { Rng } from '@llm/tensor-core';
import { describe, expect, it } from 'vitest';
import { CharLm } from '../test/helpers/toy.js';
import { AdamW } from './optimizers/adam-w.js';
import { paramGroups } from './param-groups.js';

describe('paramGroups', () => {
  it('puts matrices in a decayed group and biases / norm weights in an undecayed one', () => {
    const m = new CharLm({ vocabSize: 10, dim: 4, rng: new Rng(0) });
    const groups = paramGroups(m, { weightDecay: 0.1 });
    expect(groups.map((g) => [g.names, g.weightDecay])).toEqual([
      [['wte.weight', 'fc.weight', 'head.weight'], 0.1],
      [['ln.weight', 'ln.bias', 'fc.bias', 'head.bias'], 0],
    ]);
    const opt = new AdamW(groups, { lr: 1e-3 });
    expect(opt.groups.map((g) => g.options.weightDecay)).toEqual([0.1, 0]);
  });

  it('leaves frozen parameters out and takes a custom rule', () => {
    const m = new CharLm({ vocabSize: 10, dim: 4, rng: new Rng(0) });
    m.wte.freeze();
    const groups = paramGroups(m, {
      weightDecay: 0.1,
      noDecay: (name) => name.startsWith('head.'),
    });
    expect(groups[0]!.names).toEqual(['ln.weight', 'ln.bias', 'fc.weight', 'fc.bias']);
    expect(groups[1]!.names).toEqual(['head.weight', 'head.bias']);
    m.freeze();
    expect(() => paramGroups(m, { weightDecay: 0 })).toThrow(/no trainable parameters/);
  });
});
