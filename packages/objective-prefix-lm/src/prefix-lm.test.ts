import {
  Embedding,
  LayerNorm,
  Module,
  ModuleList,
  PreLNEncoderBlock,
  sinusoidalPositions,
} from '@llm/layers';
import { noGrad, Rng, type Tensor } from '@llm/tensor-core';
import { describe, expect, it } from 'vitest';
import { type PrefixLanguageModel, prefixLm } from './index.js';

/** A small decoder built from @llm/layers blocks whose attention takes the objective's bias. */
class TinyPrefixLm extends Module implements PrefixLanguageModel {
  readonly embed = this.registerModule(
    'embed',
    new Embedding(16, 32, { rng: new Rng(1), std: 0.3 }),
  );
  readonly blocks = this.registerModule(
    'blocks',
    new ModuleList(
      [0, 1].map(
        () => new PreLNEncoderBlock({ embedDim: 32, numHeads: 4, hiddenDim: 64, rng: new Rng(2) }),
      ),
    ),
  );
  readonly norm = this.registerModule('norm', new LayerNorm(32));

  hidden(inputIds: Tensor, attentionBias: Tensor): Tensor {
    const T = inputIds.shape[1]!;
    let x = this.embed.forward(inputIds).add(sinusoidalPositions(T, 32));
    for (const block of this.blocks) x = block.forward(x, { bias: attentionBias });
    return this.norm.forward(x); // [B, T, C]
  }

  forward(inputs: { inputIds: Tensor; attentionBias: Tensor; labels?: Tensor }) {
    const [B, T] = inputs.inputIds.shape as [number, number];
    const logits = this.hidden(inputs.inputIds, inputs.attentionBias).matmul(this.embed.weight, {
      transB: true,
    });
    // shift, as HF's causal models: position t predicts labels[t + 1]
    const loss = inputs.labels
      ? logits
          .slice(1, 0, T - 1)
          .reshape(-1, 16)
          .crossEntropy(inputs.labels.slice(1, 1).reshape(B * (T - 1)))
      : undefined;
    return { logits, loss };
  }
}

describe('prefixLm', () => {
  it('sees the whole prefix from every position, and only the past after it', () => {
    const batch = prefixLm({ prefixFraction: 0.5 }).makeBatch(
      [Int32Array.of(5, 6, 7, 8), Int32Array.of(9, 10)],
      new Rng(0),
    );
    expect(Array.from(batch.prefixLengths)).toEqual([2, 1]);
    const allowed = (b: number) =>
      Array.from({ length: 4 }, (_, i) =>
        Array.from({ length: 4 }, (_, j) =>
          batch.attentionBias.data[(b * 4 + i) * 4 + j] === 0 ? 1 : 0,
        ),
      );
    expect(allowed(0)).toEqual([
      [1, 1, 0, 0],
      [1, 1, 0, 0],
      [1, 1, 1, 0],
      [1, 1, 1, 1],
    ]);
    expect(allowed(1)).toEqual([
      [1, 0, 0, 0],
      [1, 1, 0, 0],
      [1, 1, 0, 0], // padded keys are never visible
      [1, 1, 0, 0],
    ]);
    const labels = Array.from(batch.labels.data);
    expect(labels.slice(0, 4)).toEqual([-100, -100, 7, 8]); // the prefix is not predicted
    expect(labels.slice(4)).toEqual([-100, 10, -100, -100]);
  });

  it('a prefix position depends on later prefix tokens but never on the continuation', () => {
    const model = new TinyPrefixLm();
    const objective = prefixLm({ prefixFraction: 0.5 });
    const run = (row: number[]) => {
      const batch = objective.makeBatch([Int32Array.from(row)], new Rng(0));
      return noGrad(() => model.hidden(batch.inputIds, batch.attentionBias)).data.slice(0, 32); // position 0
    };
    const base = run([1, 2, 3, 4, 5, 6]);
    const changedPrefix = run([1, 2, 9, 4, 5, 6]); // position 2 is in the prefix (length 3)
    const changedTail = run([1, 2, 3, 4, 5, 9]);
    expect(Array.from(changedPrefix)).not.toEqual(Array.from(base));
    expect(Array.from(changedTail)).toEqual(Array.from(base));
  });

  it('trains: the loss on a repetitive corpus halves', () => {
    const model = new TinyPrefixLm();
    const objective = prefixLm();
    const rng = new Rng(3);
    const params = model.parameters();
    const m = params.map((p) => new Float32Array(p.size));
    const v = params.map((p) => new Float32Array(p.size));
    const losses: number[] = [];
    for (let step = 1; step <= 120; step++) {
      const examples = Array.from({ length: 8 }, () => {
        const start = rng.int(4);
        return Int32Array.from({ length: 10 }, (_, i) => 1 + ((start + i) % 4) * 3);
      });
      const loss = objective.loss(model, objective.makeBatch(examples, rng));
      loss.backward();
      params.forEach((p, i) => {
        const g = p.grad!.data;
        for (let j = 0; j < p.size; j++) {
          m[i]![j] = 0.9 * m[i]![j]! + 0.1 * g[j]!;
          v[i]![j] = 0.999 * v[i]![j]! + 0.001 * g[j]! * g[j]!;
          p.data[j] =
            p.data[j]! -
            (5e-3 * m[i]![j]!) /
              (1 - 0.9 ** step) /
              (Math.sqrt(v[i]![j]! / (1 - 0.999 ** step)) + 1e-8);
        }
        p.grad = null;
      });
      losses.push(loss.item());
    }
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean(losses.slice(-5))).toBeLessThan(mean(losses.slice(0, 5)) / 2);
    expect(
      objective.countTargets!(objective.makeBatch([Int32Array.of(1, 2, 3, 4)], new Rng(1))),
    ).toBeGreaterThan(0);
  });
});
