import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, randn } from '@llm/tensor-core';
import { describe, expect, it } from 'vitest';
import { loadFixture, logits } from '../test/helpers.js';
import {
  hasPeftAdapter,
  loadAdapterDir,
  lora,
  loraLayers,
  promptTuning,
  readAdapter,
  saveAdapter,
} from './node.js';

const temp = () => mkdtemp(join(tmpdir(), 'llm-peft-'));

describe('saveAdapter / loadAdapterDir', () => {
  it.each([
    ['gpt2', 'causal-lm', 'CAUSAL_LM'],
    ['bert_cls', 'classification', 'SEQ_CLS'],
  ] as const)('%s: PEFT files round-trip to the same logits', async (fixture, task, peftTask) => {
    const { model, inputs } = await loadFixture(fixture);
    lora.apply(model, { r: 4, loraAlpha: 16, loraDropout: 0.05, useRslora: true, seed: 3 });
    // stand in for training: B non-zero, the head moved
    const rng = new Rng(5);
    for (const [, layer] of loraLayers(model))
      layer.loraB.weight.data.set(randn(layer.loraB.weight.shape, { std: 0.1, rng }).data);
    if (fixture === 'bert_cls') model.getSubmodule('classifier').parameters()[0]!.data[0] = 0.75;
    model.eval();
    const expected = logits(model, inputs);
    const dir = await temp();
    await saveAdapter(model, dir, { taskType: task, baseModelNameOrPath: `fixtures/${fixture}` });
    expect((await readdir(dir)).sort()).toEqual([
      'adapter_config.json',
      'adapter_model.safetensors',
    ]);
    const config = JSON.parse(await readFile(join(dir, 'adapter_config.json'), 'utf8'));
    expect(config).toMatchObject({
      peft_type: 'LORA',
      task_type: peftTask,
      r: 4,
      lora_alpha: 16,
      lora_dropout: 0.05,
      use_rslora: true,
      fan_in_fan_out: fixture === 'gpt2',
      target_modules: fixture === 'gpt2' ? ['c_attn'] : ['query', 'value'],
      modules_to_save: fixture === 'gpt2' ? null : ['classifier'],
    });

    const { model: fresh } = await loadFixture(fixture);
    const applied = await loadAdapterDir(fresh, dir);
    expect(applied.layers.map(([p]) => p)).toEqual(loraLayers(model).map(([p]) => p));
    fresh.eval();
    expect([...logits(fresh, inputs)]).toEqual([...expected]);
    expect(fresh.parameters().every((p) => !p.requiresGrad)).toBe(true); // inference mode
  });

  it('a directory without an adapter is one line naming the file', async () => {
    const dir = await temp();
    await expect(readAdapter(dir)).rejects.toThrow(/adapter_config\.json: no such file/);
    await writeFile(join(dir, 'adapter_config.json'), '{"peft_type": "LORA", "r": 0}');
    const { model } = await loadFixture('gpt2');
    await expect(loadAdapterDir(model, dir)).rejects.toThrow(
      /adapter_model\.safetensors: no such file/,
    );
  });
});

describe('prompt tuning in PEFT files', () => {
  it.each([
    ['gpt2', 'causal-lm', 1, null],
    ['bert_cls', 'classification', 1, ['classifier']],
    ['t5', 'seq2seq', 2, null],
  ] as const)(
    '%s: PROMPT_TUNING files round-trip to the same logits',
    async (fixture, task, S, heads) => {
      const { model, inputs } = await loadFixture(fixture);
      promptTuning.apply(model, { numVirtualTokens: 3, seed: 2 });
      expect(hasPeftAdapter(model)).toBe(true);
      if (heads) model.getSubmodule('classifier').parameters()[0]!.data[1] = -0.5;
      const expected = logits(model, inputs);
      const dir = await temp();
      await saveAdapter(model, dir, { taskType: task });
      const config = JSON.parse(await readFile(join(dir, 'adapter_config.json'), 'utf8'));
      expect(config).toMatchObject({
        peft_type: 'PROMPT_TUNING',
        num_virtual_tokens: 3,
        token_dim: 32,
        num_transformer_submodules: S,
        modules_to_save: heads,
      });
      const { tensors } = await readAdapter(dir);
      expect(tensors.prompt_embeddings!.shape).toEqual([S * 3, 32]);
      const { model: fresh } = await loadFixture(fixture);
      const loaded = await loadAdapterDir(fresh, dir);
      expect(loaded.peftType).toBe('PROMPT_TUNING');
      expect([...logits(fresh, inputs)]).toEqual([...expected]);
    },
  );
});
