// Each objective trains a tiny model until its loss clearly falls (issue #7, item 6).
// The optimizer is a few lines of Adam here: @llm/trainer depends on this package, so
// its tests cannot come back through it.
import { BertForMaskedLM, Gpt, T5ForConditionalGeneration } from '@llm/models';
import { Rng, type Tensor } from '@llm/tensor-core';
import { describe, expect, it } from 'vitest';
import {
  causalLm,
  type LanguageModel,
  maskedLm,
  type Objective,
  spanCorruption,
} from '../src/index.js';

function trainLoop<B>(
  model: LanguageModel & { parameters(): Tensor[] },
  objective: Objective<LanguageModel, B>,
  examples: () => Int32Array[],
  steps: number,
  lr = 3e-3,
): { first: number; last: number } {
  const rng = new Rng(0);
  const params = model.parameters();
  const m = params.map((p) => new Float32Array(p.size));
  const v = params.map((p) => new Float32Array(p.size));
  const losses: number[] = [];
  for (let step = 1; step <= steps; step++) {
    const loss = objective.loss(model, objective.makeBatch(examples(), rng));
    loss.backward();
    params.forEach((p, i) => {
      const g = p.grad!.data;
      for (let j = 0; j < p.size; j++) {
        m[i]![j] = 0.9 * m[i]![j]! + 0.1 * g[j]!;
        v[i]![j] = 0.999 * v[i]![j]! + 0.001 * g[j]! * g[j]!;
        p.data[j] =
          p.data[j]! -
          (lr * m[i]![j]!) /
            (1 - 0.9 ** step) /
            (Math.sqrt(v[i]![j]! / (1 - 0.999 ** step)) + 1e-8);
      }
      p.grad = null;
    });
    losses.push(loss.item());
  }
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  return { first: mean(losses.slice(0, 5)), last: mean(losses.slice(-5)) };
}

// A repetitive corpus: rows of a few periodic patterns over ids 5…31, each at a random phase.
const corpusRng = new Rng(42);
const patterns = [
  [5, 6, 7, 8],
  [9, 10, 11],
  [12, 13, 14, 15, 16],
];
const sentence = (length: number) => {
  const p = patterns[corpusRng.int(patterns.length)]!;
  const phase = corpusRng.int(p.length);
  return Int32Array.from({ length }, (_, i) => p[(i + phase) % p.length]!);
};

describe('objectives train tiny models', () => {
  it('causalLm: a tiny GPT halves its loss', () => {
    const gpt = new Gpt(
      {
        vocabSize: 32,
        contextLength: 32,
        numLayers: 2,
        numHeads: 2,
        embedDim: 32,
        embedDropout: 0,
        attnDropout: 0,
        residDropout: 0,
      },
      { rng: new Rng(1) },
    );
    const { first, last } = trainLoop(
      gpt,
      causalLm({ pack: { blockSize: 16, eosTokenId: 1 } }),
      () => Array.from({ length: 6 }, () => sentence(12)),
      80,
    );
    expect(last).toBeLessThan(first / 2);
  });

  it('maskedLm: a small BERT halves its loss', () => {
    const bert = new BertForMaskedLM(
      {
        vocabSize: 32,
        contextLength: 32,
        numLayers: 2,
        numHeads: 2,
        embedDim: 32,
        hiddenDim: 64,
        hiddenDropout: 0,
        attnDropout: 0,
      },
      { rng: new Rng(2) },
    );
    const objective = maskedLm({
      vocabSize: 32,
      maskTokenId: 4,
      specialTokenIds: [0, 1, 2, 3, 4],
      probability: 0.15,
    });
    const examples = () =>
      Array.from({ length: 8 }, () => Int32Array.from([2, ...sentence(14), 3]));
    const { first, last } = trainLoop(bert, objective, examples, 200);
    expect(last).toBeLessThan(first / 2);
  });

  it('spanCorruption: a tiny T5 halves its loss', () => {
    const t5 = new T5ForConditionalGeneration(
      {
        vocabSize: 40,
        embedDim: 32,
        numLayers: 1,
        numHeads: 2,
        headDim: 16,
        hiddenDim: 64,
        dropout: 0,
      },
      { rng: new Rng(3) },
    );
    const objective = spanCorruption({ vocabSize: 40, eosTokenId: 1 });
    const { first, last } = trainLoop(
      t5,
      objective,
      () => Array.from({ length: 6 }, () => sentence(16)),
      120,
    );
    expect(last).toBeLessThan(first / 2);
  });
});
