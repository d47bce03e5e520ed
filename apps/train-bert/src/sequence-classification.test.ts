import { Linear, Module } from '@llm/layers';
import type { LanguageModelInputs } from '@llm/objectives';
import { crossEntropy, Rng, type Tensor, tensor } from '@llm/tensor-core';
import { describe, expect, it } from 'vitest';
import { predict, sequenceClassification } from './sequence-classification.js';

/** Mean of one-hot ids through a linear layer: a classifier small enough to check by hand. */
class BagOfIds extends Module {
  readonly head: Linear;
  constructor() {
    super();
    this.head = this.registerModule('head', new Linear(4, 2, { rng: new Rng(0) }));
  }
  forward(inputs: LanguageModelInputs): { logits: Tensor; loss?: Tensor } {
    const [B, T] = inputs.inputIds.shape as [number, number];
    const x = new Float32Array(B * 4);
    for (let b = 0; b < B; b++)
      for (let t = 0; t < T; t++)
        if (inputs.attentionMask!.data[b * T + t])
          x[b * 4 + inputs.inputIds.data[b * T + t]!]! += 1;
    const logits = this.head.forward(tensor(x, [B, 4])); // [B, 2]
    return { logits, loss: inputs.labels ? crossEntropy(logits, inputs.labels) : undefined };
  }
}

describe('sequenceClassification', () => {
  const examples = [
    { ids: Int32Array.of(1, 2, 3), label: 1 },
    { ids: Int32Array.of(1, 3), label: 0 },
  ];

  it('pads the ids right, masks the padding and keeps one label per row', () => {
    const batch = sequenceClassification({ padTokenId: 0 }).makeBatch(examples, new Rng(0));
    expect(batch.inputIds.toArray()).toEqual([
      [1, 2, 3],
      [1, 3, 0],
    ]);
    expect(batch.attentionMask.toArray()).toEqual([
      [1, 1, 1],
      [1, 1, 0],
    ]);
    expect(Array.from(batch.labels.data)).toEqual([1, 0]);
  });

  it("loss is the model's cross-entropy on the batch, and counts one target per row", () => {
    const objective = sequenceClassification({ padTokenId: 0 });
    const model = new BagOfIds();
    const batch = objective.makeBatch(examples, new Rng(0));
    const expected = crossEntropy(model.forward(batch).logits, batch.labels).item();
    expect(objective.loss(model, batch).item()).toBeCloseTo(expected, 6);
    expect(objective.countTargets!(batch)).toBe(2);
  });
});

describe('predict', () => {
  it('gives the argmax and the softmax of each row, whatever the batch size, and restores train mode', () => {
    const model = new BagOfIds();
    model.train();
    const rows = [Int32Array.of(1, 2, 3), Int32Array.of(1, 3), Int32Array.of(2)];
    const one = predict(model, rows, { padTokenId: 0, batchSize: 1 });
    const all = predict(model, rows, { padTokenId: 0, batchSize: 8 });
    expect(model.training).toBe(true);
    expect(all.labels).toEqual(one.labels);
    for (const [i, p] of all.probs.entries()) {
      expect(p[0]! + p[1]!).toBeCloseTo(1, 6);
      expect(p[0]!).toBeCloseTo(one.probs[i]![0]!, 6);
      expect(all.labels[i]).toBe(p[1]! > p[0]! ? 1 : 0);
    }
  });
});
