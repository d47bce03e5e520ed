// Inference runs with dropout off, as model.eval() in PyTorch: a checkpoint whose config
// says dropout 0.5 (train-gpt's have 0.1) gives through `llm forward` the loss of the same
// weights with dropout 0 — deterministic, and not the training-mode value.
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from './main.js';

const gpt2 = fileURLToPath(new URL('../../models/test/fixtures/gpt2/', import.meta.url));

async function forwardLoss(dir: string): Promise<number> {
  let stdout = '';
  const code = await main(['forward', '--model', dir, '--input', join(gpt2, 'inputs.json')], {
    out: (s) => (stdout += s),
    err: () => {},
  });
  expect(code).toBe(0);
  return JSON.parse(stdout).loss;
}

describe('inference is in eval mode', () => {
  it('llm forward ignores the dropout a checkpoint was trained with', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'llm-dropout-'));
    await cp(join(gpt2, 'model.safetensors'), join(dir, 'model.safetensors'));
    const config = JSON.parse(await readFile(join(gpt2, 'config.json'), 'utf8'));
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({ ...config, resid_pdrop: 0.5, embd_pdrop: 0.5, attn_pdrop: 0.5 }),
    );
    const expected = JSON.parse(await readFile(join(gpt2, 'expected.json'), 'utf8')).loss;
    const first = await forwardLoss(dir);
    expect(Math.abs(first - expected) / expected).toBeLessThan(1e-5); // PyTorch's model.eval() loss
    expect(await forwardLoss(dir)).toBe(first);
  });
});
