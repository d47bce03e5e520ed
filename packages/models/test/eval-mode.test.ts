// fromPretrained leaves a model in eval mode (dropout off), as HF's from_pretrained does;
// model.train() turns dropout back on.
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { noGrad } from '@llm/tensor-core';
import { describe, expect, it } from 'vitest';
import { fromPretrained, readInputsFile } from '../src/index.js';

const gpt2 = new URL('./fixtures/gpt2/', import.meta.url).pathname;

describe('fromPretrained and dropout', () => {
  it('a dropout-bearing checkpoint loads in eval mode; train() brings dropout back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'llm-eval-mode-'));
    await cp(join(gpt2, 'model.safetensors'), join(dir, 'model.safetensors'));
    const config = JSON.parse(await readFile(join(gpt2, 'config.json'), 'utf8'));
    await writeFile(join(dir, 'config.json'), JSON.stringify({ ...config, resid_pdrop: 0.3 }));
    const model = await fromPretrained(dir);
    expect(model.training).toBe(false);
    const inputs = await readInputsFile(join(gpt2, 'inputs.json'));
    const expected = JSON.parse(await readFile(join(gpt2, 'expected.json'), 'utf8')).loss;
    const evalLoss = noGrad(() => model.forward(inputs).loss!.item());
    expect(Math.abs(evalLoss - expected) / expected).toBeLessThan(1e-5);
    model.train();
    const trainLoss = noGrad(() => model.forward(inputs).loss!.item());
    expect(Math.abs(trainLoss - expected)).toBeGreaterThan(1e-3); // dropout 0.3 moves it
  });
});
