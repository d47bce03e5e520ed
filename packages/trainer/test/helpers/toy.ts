/**
 * Small models and an objective for the trainer's tests — built from @llm/layers, known
 * to the trainer only through Module and Objective.
 *
 *   const model = new CharLm({ vocabSize: 16, dim: 8, dropout: 0.1, rng: new Rng(0) });
 *   const objective = nextToken({ padId: 0, targetDropout: 0.2 });
 */
import { Dropout, Embedding, LayerNorm, Linear, Module } from '@llm/layers';
import type { Objective } from '@llm/objectives';
import { crossEntropy, type Rng, type Tensor, tensor } from '@llm/tensor-core';

/** Embedding → LayerNorm → Linear → GELU → Dropout → Linear: next-token logits per position. */
export class CharLm extends Module {
  readonly wte: Embedding;
  readonly ln: LayerNorm;
  readonly fc: Linear;
  readonly drop: Dropout;
  readonly head: Linear;

  constructor(options: {
    vocabSize: number;
    dim: number;
    dropout?: number;
    rng?: Rng;
    std?: number;
  }) {
    super();
    const { vocabSize: V, dim: C, dropout = 0, rng, std = 0.3 } = options;
    this.wte = this.registerModule('wte', new Embedding(V, C, { std, rng }));
    this.ln = this.registerModule('ln', new LayerNorm(C));
    this.fc = this.registerModule('fc', new Linear(C, C, { std, rng }));
    // no rng: dropout draws from the global generator, which train() reseeds and checkpoints
    this.drop = this.registerModule('drop', new Dropout(dropout));
    this.head = this.registerModule('head', new Linear(C, V, { std, rng }));
  }

  forward(ids: Tensor): Tensor {
    const x = this.ln.forward(this.wte.forward(ids)); // [B, T, C]
    return this.head.forward(this.drop.forward(this.fc.forward(x).gelu())); // [B, T, V]
  }
}

export interface NextTokenBatch {
  /** [B, T] inputs, padded with padId. */
  readonly ids: Tensor;
  /** [B, T] the next token, -100 on padding (and on targets dropped at random). */
  readonly targets: Tensor;
}

/**
 * Next-token prediction on unpadded sequences: inputs seq[:-1], targets seq[1:], padded
 * to the longest in the batch. `targetDropout` ignores that share of targets at random
 * (from the rng train() hands in), so exact resume must restore that generator too.
 */
export function nextToken(options: {
  padId: number;
  targetDropout?: number;
}): Objective<{ forward(ids: Tensor): Tensor }, NextTokenBatch> {
  const { padId, targetDropout = 0 } = options;
  return {
    name: 'next-token',
    makeBatch(examples, rng) {
      const T = Math.max(1, ...examples.map((e) => e.length - 1));
      const B = examples.length;
      const ids = new Int32Array(B * T).fill(padId);
      const targets = new Int32Array(B * T).fill(-100);
      examples.forEach((e, b) => {
        for (let t = 0; t + 1 < e.length; t++) {
          ids[b * T + t] = e[t]!;
          if (targetDropout === 0 || rng.uniform() >= targetDropout) targets[b * T + t] = e[t + 1]!;
        }
      });
      return { ids: tensor(ids, [B, T]), targets: tensor(targets, [B, T]) };
    },
    loss(model, batch) {
      const logits = model.forward(batch.ids); // [B, T, V]
      const [B, T, V] = logits.shape as [number, number, number];
      return crossEntropy(logits.reshape(B * T, V), batch.targets.reshape(B * T));
    },
    countTargets(batch) {
      let n = 0;
      for (const t of batch.targets.data) if (t !== -100) n++;
      return n;
    },
  };
}

/** Deterministic pseudo-text: sequences of varied length over ids 1..V-1 with structure to learn. */
export function toyCorpus(count: number, vocabSize: number, seed = 1): Int32Array[] {
  const out: Int32Array[] = [];
  let x = seed;
  for (let i = 0; i < count; i++) {
    const length = 3 + ((i * 7) % 9);
    const seq = new Int32Array(length);
    x = (x * 1103515245 + 12345) % 2147483648;
    seq[0] = 1 + (x % (vocabSize - 1));
    // a learnable rule: the next id is (previous · 3 + 1) mod (V − 1) + 1
    for (let t = 1; t < length; t++) seq[t] = ((seq[t - 1]! * 3 + 1) % (vocabSize - 1)) + 1;
    out.push(seq);
  }
  return out;
}
