import { describe, expect, it } from 'vitest';
import { type FixtureName, loadFixture, logits, maxAbsDiff, sgdStep } from '../../test/helpers.js';
import { loraLayers } from '../apply-lora.js';
import { mergeAndUnload } from '../merge-and-unload.js';
import { trainableReport } from '../trainable-report.js';
import { lora } from './lora.js';

const lorasOnly = (names: string[]) => names.filter((n) => !/\.lora_[AB]\.weight$/.test(n));

describe('lora', () => {
  it.each([
    ['gpt2', /attn\.c_attn$/, []],
    ['bert_cls', /self\.(query|value)$/, ['classifier.weight', 'classifier.bias']],
    ['t5', /(SelfAttention|EncDecAttention)\.(q|v)$/, []],
  ] as const)(
    '%s: default targets; B = 0 keeps logits; a step trains only A, B and the head',
    async (fixture, targetPath, head) => {
      const { model, inputs } = await loadFixture(fixture as FixtureName);
      const before = logits(model, inputs);
      const trainable = lora.apply(model, { r: 2, seed: 0 });
      const paths = loraLayers(model).map(([p]) => p);
      expect(paths.length).toBeGreaterThan(0);
      expect(paths.every((p) => targetPath.test(p))).toBe(true);
      expect([...logits(model, inputs)]).toEqual([...before]); // B = 0: bit for bit

      const { changed, withGrad } = sgdStep(model, inputs, trainable);
      const trainableNames = model
        .namedParameters()
        .filter(([, p]) => p.requiresGrad)
        .map(([n]) => n);
      expect(lorasOnly(trainableNames)).toEqual(head);
      expect(trainableNames.length).toBe(2 * paths.length + head.length);
      expect(withGrad.every((n) => trainableNames.includes(n))).toBe(true);
      // B got a gradient through A (B = 0 gives A none on the first step), so every B moved
      for (const p of paths) expect(changed).toContain(`${p}.lora_B.weight`);
      expect(changed.every((n) => trainableNames.includes(n))).toBe(true); // all others bit-identical
      expect(trainableReport(model)).toMatch(
        /^trainable params: [\d,]+ \|\| all params: [\d,]+ \|\| trainable%: \d+\.\d{4}$/,
      );
    },
  );

  it('after training, merged logits equal unmerged within 1e-5, and the model is plain again', async () => {
    const { model, inputs } = await loadFixture('gpt2');
    const trainable = lora.apply(model, {
      r: 4,
      loraAlpha: 8,
      targetModules: ['c_attn', 'c_fc'],
      seed: 1,
    });
    for (let i = 0; i < 3; i++) sgdStep(model, inputs, trainable);
    const unmerged = logits(model, inputs);
    for (const [, layer] of loraLayers(model)) layer.merge();
    expect(maxAbsDiff(logits(model, inputs), unmerged)).toBeLessThan(1e-5);
    for (const [, layer] of loraLayers(model)) layer.unmerge();
    expect(maxAbsDiff(logits(model, inputs), unmerged)).toBeLessThan(1e-5);
    mergeAndUnload(model);
    expect(loraLayers(model)).toEqual([]);
    expect(model.getSubmodule('transformer.h.0.mlp.c_fc').constructor.name).toBe('Conv1D');
    expect(maxAbsDiff(logits(model, inputs), unmerged)).toBeLessThan(1e-5);
  });

  it('matches targets as PEFT does: names, dotted suffixes, a full-match regex; one line when nothing matches', async () => {
    const { model } = await loadFixture('bert_cls');
    lora.apply(model, { targetModules: 'bert\\.encoder\\.layer\\.1\\..*(query|key)' });
    expect(loraLayers(model).map(([p]) => p)).toEqual([
      'bert.encoder.layer.1.attention.self.query',
      'bert.encoder.layer.1.attention.self.key',
    ]);
    const { model: other } = await loadFixture('bert_cls');
    lora.apply(other, { targetModules: ['attention.output.dense'] });
    expect(loraLayers(other).length).toBe(2);
    const { model: third } = await loadFixture('bert_cls');
    expect(() => lora.apply(third, { targetModules: ['c_attn'] })).toThrow(
      /^lora: target_modules \["c_attn"\] not found in the model \(e\.g\. /,
    );
    expect(() => lora.apply(third, { targetModules: ['attention'] })).toThrow(
      /target module 'bert\.encoder\.layer\.0\.attention' is a BertAttention; LoRA wraps Linear and Conv1D/,
    );
  });
});
