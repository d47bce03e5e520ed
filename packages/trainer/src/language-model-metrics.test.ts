import { Module } from '@llm/layers';
import type { Objective } from '@llm/objectives';
import { tensor } from '@llm/tensor-core';
import { describe, expect, it } from 'vitest';
import { languageModelMetrics } from './language-model-metrics.js';

// A stand-in objective: each example is [loss, targets]; a batch's loss is its
// target-weighted mean, as a real objective's is.
const objective: Objective<Module, number[][], number[]> = {
  name: 'stub',
  makeBatch: (examples) => examples.map((e) => [...e]),
  loss: (_model, batch) => {
    const n = batch.reduce((s, [, t]) => s + t!, 0);
    return tensor(batch.reduce((s, [l, t]) => s + l! * t!, 0) / n);
  },
  countTargets: (batch) => batch.reduce((s, [, t]) => s + t!, 0),
};

describe('languageModelMetrics', () => {
  it('weights batches by their targets and turns the sums into perplexity and bits per byte', () => {
    const model = new Module();
    const m = languageModelMetrics(
      model,
      objective,
      [
        [[2, 3]],
        [
          [1, 1],
          [4, 4],
        ],
      ],
      { bytes: 20 },
    );
    const nll = 2 * 3 + 1 * 1 + 4 * 4; // 23 nats over 8 targets
    expect(m.targets).toBe(8);
    expect(m.nll).toBeCloseTo(nll, 5);
    expect(m.loss).toBeCloseTo(nll / 8, 6);
    expect(m.perplexity).toBeCloseTo(Math.exp(nll / 8), 4);
    expect(m.bitsPerByte).toBeCloseTo(nll / (Math.LN2 * 20), 6);
    expect(model.training).toBe(true); // restored after evaluating in eval mode
  });

  it('has no bits per byte without a byte count, and refuses no batches', () => {
    expect(languageModelMetrics(new Module(), objective, [[[1, 2]]]).bitsPerByte).toBeUndefined();
    expect(() => languageModelMetrics(new Module(), objective, [])).toThrow('evaluate: no batches');
  });
});
