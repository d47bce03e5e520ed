import type { ModelInputs } from '@llm/models';
import { type Tensor, tensor } from '@llm/tensor-core';
import { describe, expect, it } from 'vitest';
import { loadFixture, logits, maxAbsDiff } from '../../test/helpers.js';
import { trainedNames } from '../../test/trained.js';
import { type PromptEmbedding, promptEmbeddingOf } from '../prompt-embedding.js';
import { promptTuning } from './prompt-tuning.js';

/** `inputs` with real tokens `ids` in front: what a prompt holding their embeddings must equal. */
function prepended(inputs: ModelInputs, ids: number[], labelsToo: boolean): ModelInputs {
  const pre = (t: Tensor, fill: (n: number) => number) => {
    const [B, T] = t.shape as [number, number];
    const N = ids.length;
    const out = new Int32Array(B * (N + T));
    for (let b = 0; b < B; b++)
      for (let i = 0; i < N + T; i++)
        out[b * (N + T) + i] = i < N ? fill(i) : t.data[b * T + i - N]!;
    return tensor(out, [B, N + T]);
  };
  return {
    ...inputs,
    inputIds: pre(inputs.inputIds, (n) => ids[n]!),
    ...(inputs.attentionMask && { attentionMask: pre(inputs.attentionMask, () => 1) }),
    ...(inputs.tokenTypeIds && { tokenTypeIds: pre(inputs.tokenTypeIds, () => 0) }),
    ...(labelsToo && inputs.labels && { labels: pre(inputs.labels, () => -100) }),
  };
}

describe('prompt-tuning', () => {
  it.each([
    ['gpt2', true],
    ['bert_cls', false],
    ['t5', false],
  ] as const)(
    "%s: a prompt holding tokens' embeddings equals those tokens typed in front",
    async (fixture, labelsToo) => {
      const ids = [5, 17, 42];
      const { model: base, inputs } = await loadFixture(fixture);
      const expected = base.forward(prepended(inputs, ids, labelsToo));
      const { model } = await loadFixture(fixture);
      promptTuning.apply(model, { numVirtualTokens: 3, seed: 0 });
      const [, layer] = promptEmbeddingOf(model)!;
      const C = layer.embeddingDim;
      for (const [n, id] of ids.entries())
        layer.prompt.data.set(layer.weight.data.subarray(id * C, (id + 1) * C), n * C);
      const out = model.forward(inputs);
      expect(out.logits.shape).toEqual(expected.logits.shape);
      expect(maxAbsDiff(out.logits.data, expected.logits.data)).toBeLessThan(1e-5);
      expect(Math.abs(out.loss!.item() - expected.loss!.item())).toBeLessThan(1e-5);
    },
  );

  it('GPT-2: only the prompt trains; the tied head and every weight stay bit-identical', async () => {
    expect(await trainedNames(promptTuning, 'gpt2', { numVirtualTokens: 4 })).toEqual([
      'transformer.wte.prompt_embeddings',
    ]);
  });

  it('BERT classification: the prompt and the classifier; T5: the prompt', async () => {
    expect(await trainedNames(promptTuning, 'bert_cls', { numVirtualTokens: 4 })).toEqual([
      'bert.embeddings.word_embeddings.prompt_embeddings',
      'classifier.weight',
      'classifier.bias',
    ]);
    expect(await trainedNames(promptTuning, 't5', { numVirtualTokens: 4 })).toEqual([
      'shared.prompt_embeddings',
    ]);
  });

  it("inits from the vocabulary (seeded) or randomly; the token embedding's names stay", async () => {
    const { model, inputs } = await loadFixture('gpt2');
    const names = model.namedParameters().map(([n]) => n);
    const before = logits(model, inputs);
    promptTuning.apply(model, { numVirtualTokens: 2, seed: 1 });
    const layer = model.getSubmodule('transformer.wte') as PromptEmbedding;
    const C = layer.embeddingDim;
    const rows = Array.from({ length: layer.numEmbeddings }, (_, v) =>
      layer.weight.data.subarray(v * C, (v + 1) * C).join(),
    );
    expect(rows).toContain(layer.prompt.data.subarray(0, C).join());
    expect(model.namedParameters().map(([n]) => n)).toEqual([
      ...names.slice(0, 1),
      'transformer.wte.prompt_embeddings',
      ...names.slice(1),
    ]);
    expect(logits(model, inputs).length).toBe((before.length / 16) * 18); // T 16 → 18
    const { model: other } = await loadFixture('gpt2');
    promptTuning.apply(other, { numVirtualTokens: 2, promptInit: 'random', seed: 1 });
    const random = (other.getSubmodule('transformer.wte') as PromptEmbedding).prompt.data;
    expect(rows).not.toContain(random.subarray(0, C).join());
  });
});
