import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromPretrained } from '@llm/models';
import { Tokenizer } from '@llm/tokenizer';
import { describe, expect, it } from 'vitest';
import { runPipeline, unigramLoss } from './pipeline.js';

describe('unigramLoss', () => {
  it('is the add-one smoothed unigram cross-entropy of the validation targets', () => {
    // train targets (positions ≥ 1): 1, 1, 2 → counts with +1 over 3 tokens: [1, 3, 2] / 6
    const loss = unigramLoss([Int32Array.of(0, 1, 1, 2)], [Int32Array.of(2, 1, 0)], 3);
    expect(loss).toBeCloseTo(-(Math.log(3 / 6) + Math.log(1 / 6)) / 2, 12);
  });
});

describe('the pipeline, end to end on a small corpus', () => {
  it('trains, beats the unigram baseline, samples, and saves what llm generate loads', async () => {
    const out = await mkdtemp(join(tmpdir(), 'train-gpt-'));
    const words = ['the whale', 'the sea', 'a ship', 'the captain', 'the crew'];
    const documents = Array.from({ length: 24 }, (_, d) =>
      Array.from({ length: 40 }, (_, i) => `${words[(d + i) % words.length]} sails on.`).join(' '),
    );
    const lines: string[] = [];
    const r = await runPipeline({
      documents,
      out,
      vocabSize: 300,
      size: { numLayers: 2, numHeads: 2, embedDim: 48, contextLength: 32 },
      steps: 40,
      batchSize: 4,
      lr: 3e-3,
      threads: 1,
      progress: false,
      log: (l) => lines.push(l),
    });
    expect(r.validationLoss).toBeLessThan(r.unigramLoss);
    expect(r.sample.startsWith('Call me Ishmael.')).toBe(true);
    expect(lines.some((l) => l.startsWith('step 40: validation loss'))).toBe(true);
    expect((await readdir(out)).sort()).toEqual([
      'config.json',
      'loss-curve.svg',
      'metrics.jsonl',
      'model.safetensors',
      'tokenizer.json',
    ]);
    const model = await fromPretrained(out);
    expect(model.numParameters()).toBe(r.parameters);
    const tokenizer = Tokenizer.fromString(await readFile(join(out, 'tokenizer.json'), 'utf8'));
    expect(tokenizer.decode(tokenizer.encode('the whale sails on.').ids)).toBe(
      'the whale sails on.',
    );
    const metrics = (await readFile(join(out, 'metrics.jsonl'), 'utf8')).trim().split('\n');
    expect(metrics.length).toBeGreaterThanOrEqual(40);
  }, 120_000);
});
