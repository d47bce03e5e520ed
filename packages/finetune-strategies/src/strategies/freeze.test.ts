import { describe, expect, it } from 'vitest';
import { loadFixture } from '../../test/helpers.js';
import { trainedNames } from '../../test/trained.js';
import { freeze } from './freeze.js';

describe('freeze', () => {
  it('BERT: bert.embeddings (its LayerNorm too) and layer 0 frozen; layer 1, pooler and head train', async () => {
    const names = await trainedNames(freeze, 'bert_cls', { freezeLayers: 1 });
    expect(
      names.some((n) => n.startsWith('bert.embeddings.') || n.includes('encoder.layer.0.')),
    ).toBe(false);
    expect(names).toContain('bert.encoder.layer.1.attention.self.query.weight');
    expect(names).toContain('bert.pooler.dense.weight');
    expect(names).toContain('classifier.bias');
    expect(names.filter((n) => n.startsWith('bert.encoder.layer.1.')).length).toBe(16);
  });

  it('GPT-2: wte (the tied head), wpe and h.0 frozen; T5: shared and block 0 of both stacks', async () => {
    const gpt = await trainedNames(freeze, 'gpt2', { freezeLayers: 1 });
    expect(gpt.filter((n) => /^transformer\.(wte|wpe|h\.0)\./.test(n))).toEqual([]);
    expect(gpt).toContain('transformer.h.1.attn.c_attn.weight');
    expect(gpt).toContain('transformer.ln_f.weight');
    const t5 = await trainedNames(freeze, 't5', { freezeLayers: 1 });
    expect(t5.filter((n) => /^(shared|encoder\.block\.0|decoder\.block\.0)\./.test(n))).toEqual([]);
    expect(t5).toContain('encoder.block.1.layer.0.SelfAttention.q.weight');
    expect(t5).toContain('decoder.block.1.layer.2.DenseReluDense.wi.weight');
  });

  it('freezeLayers 0 freezes only the embeddings; the default is half; too many is one line', async () => {
    const { model } = await loadFixture('bert_cls');
    freeze.apply(model, { freezeLayers: 0 });
    const frozen = model
      .namedParameters()
      .filter(([, p]) => !p.requiresGrad)
      .map(([n]) => n);
    expect(frozen).toEqual([
      'bert.embeddings.word_embeddings.weight',
      'bert.embeddings.position_embeddings.weight',
      'bert.embeddings.token_type_embeddings.weight',
      'bert.embeddings.LayerNorm.weight',
      'bert.embeddings.LayerNorm.bias',
    ]);
    freeze.apply(model); // 2 layers: the bottom 1
    expect(
      model
        .getSubmodule('bert.encoder.layer.0')
        .parameters()
        .every((p) => !p.requiresGrad),
    ).toBe(true);
    expect(
      model
        .getSubmodule('bert.encoder.layer.1')
        .parameters()
        .every((p) => p.requiresGrad),
    ).toBe(true);
    expect(() => freeze.apply(model, { freezeLayers: 3 })).toThrow(
      /^freeze: freezeLayers must be an integer in \[0, 2\] \(bert\.encoder\.layer: 2 blocks\), got 3$/,
    );
  });
});
