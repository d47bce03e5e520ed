// A strategy (LoRA, adapters) replaces a projection by its HF path without knowing the
// model: the swapped-in module is what forward runs, and the swapped model trains.
import { type Conv1D, Module } from '@llm/layers';
import { manualSeed, noGrad, Rng, randn, type Tensor, tensor, zeros } from '@llm/tensor-core';
import { describe, expect, it } from 'vitest';
import { Gpt, T5ForConditionalGeneration } from '../src/index.js';

/** W x + B(A x), B zero at init: a minimal low-rank wrapper around GPT-2's Conv1D. */
class LowRank extends Module {
  readonly a: Tensor;
  readonly b: Tensor;
  constructor(
    readonly base: Conv1D,
    r: number,
  ) {
    super();
    this.registerModule('base_layer', base);
    this.a = this.registerParameter(
      'lora_A',
      randn([base.inFeatures, r], { std: 1, rng: new Rng(3) }),
    );
    this.b = this.registerParameter('lora_B', zeros([r, base.outFeatures]));
  }
  forward(x: Tensor): Tensor {
    return this.base.forward(x).add(x.matmul(this.a).matmul(this.b));
  }
}

const config = { vocabSize: 32, contextLength: 16, numLayers: 2, numHeads: 2, embedDim: 8 };
const noDropout = { embedDropout: 0, attnDropout: 0, residDropout: 0 };

describe('sub-modules replaced by path', () => {
  it("GPT-2's c_attn wrapped by path: same output at init, then only the wrapper trains", () => {
    manualSeed(0);
    const gpt = new Gpt({ ...config, ...noDropout, initializerRange: 0.3 }, { rng: new Rng(1) });
    const ids = tensor(
      Int32Array.from({ length: 2 * 12 }, (_, i) => (i * 7) % 32),
      [2, 12],
    );
    const before = noGrad(() => gpt.forward({ inputIds: ids }).logits);
    gpt.freeze();
    for (const [path, m] of gpt.namedModules())
      if (path.endsWith('.attn.c_attn')) gpt.setSubmodule(path, new LowRank(m as Conv1D, 2));
    expect(gpt.getSubmodule('transformer.h.1.attn.c_attn')).toBeInstanceOf(LowRank);
    const after = noGrad(() => gpt.forward({ inputIds: ids }).logits);
    expect([...after.data]).toEqual([...before.data]); // B = 0: unchanged

    const trainable = gpt.parameters().filter((p) => p.requiresGrad);
    expect(trainable.length).toBe(4); // lora_A and lora_B in each of 2 blocks
    const frozen = gpt.transformer.wte.weight.clone();
    const losses: number[] = [];
    for (let step = 0; step < 30; step++) {
      const loss = gpt.forward({ inputIds: ids, labels: ids }).loss!;
      losses.push(loss.item());
      gpt.zeroGrad();
      loss.backward();
      for (const p of trainable) {
        const g = p.grad!.data;
        for (let i = 0; i < p.size; i++) p.data[i]! -= 1 * g[i]!;
      }
    }
    expect(losses.at(-1)!, losses.join(' ')).toBeLessThan(losses[0]! - 0.05);
    expect([...gpt.transformer.wte.weight.data]).toEqual([...frozen.data]); // base untouched
  });

  it("T5's q projection is found under HF's path", () => {
    const t5 = new T5ForConditionalGeneration({
      vocabSize: 32,
      embedDim: 8,
      numLayers: 1,
      numHeads: 2,
      headDim: 4,
      hiddenDim: 16,
    });
    const q = t5.getSubmodule('encoder.block.0.layer.0.SelfAttention.q');
    expect(q.namedParameters().map(([n]) => n)).toEqual(['weight']);
    expect(() => t5.getSubmodule('encoder.block.0.layer.0.SelfAttention.c_attn')).toThrow(
      /no sub-module 'c_attn' \(q, k, v, o, relative_attention_bias\)/,
    );
  });
});
