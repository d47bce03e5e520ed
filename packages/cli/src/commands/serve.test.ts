// `llm serve` as a user runs it: a separate process on a free port, answering /health and
// the OpenAI routes, stopping cleanly on SIGTERM.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Gpt, savePretrained } from '@llm/models';
import { Rng } from '@llm/tensor-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../main.js';

const bin = fileURLToPath(new URL('../bin.ts', import.meta.url));
const gpt2Tokenizer = fileURLToPath(
  new URL('../../../tokenizer/test/fixtures/gpt2-tokenizer.json', import.meta.url),
);

let dir: string;
beforeAll(async () => {
  dir = join(await mkdtemp(join(tmpdir(), 'llm-serve-cli-')), 'tiny');
  const model = new Gpt(
    { vocabSize: 50257, contextLength: 64, numLayers: 1, numHeads: 2, embedDim: 8 },
    { rng: new Rng(1) },
  );
  await savePretrained(model, dir);
  await copyFile(gpt2Tokenizer, join(dir, 'tokenizer.json'));
});
afterAll(() => rm(join(dir, '..'), { recursive: true, force: true }));

/** Resolves with the first stdout line, or rejects with stderr if the process exits first. */
function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
}

describe('llm serve', () => {
  it('starts on a free port, answers /health and completions, exits 0 on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--conditions=@llm/source',
        bin,
        'serve',
        '--model',
        dir,
        '--port',
        '0',
        '--api-key',
        'k',
      ],
      { cwd: fileURLToPath(new URL('../..', import.meta.url)) },
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const ready = JSON.parse(await firstLine(child)) as { listening: string; model: string };
      expect(ready.model).toBe('tiny');
      expect(ready.listening).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${ready.listening}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
      const denied = await fetch(`${ready.listening}/v1/models`);
      expect(denied.status).toBe(401);
      const r = await fetch(`${ready.listening}/v1/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer k' },
        body: JSON.stringify({ prompt: 'Hello', max_tokens: 3, temperature: 0 }),
      });
      expect(r.status).toBe(200);
      const body = (await r.json()) as { usage: { completion_tokens: number } };
      expect(body.usage.completion_tokens).toBeGreaterThan(0);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('a directory that is not a model is one line and exit 1; a bad port is a usage error', async () => {
    let stderr = '';
    const io = { out: () => {}, err: (s: string) => (stderr += s) };
    expect(await main(['serve', '--model', join(dir, 'missing')], io)).toBe(1);
    expect(stderr).toMatch(/^llm: .*config\.json: no such file\n$/);
    stderr = '';
    expect(await main(['serve', '--model', dir, '--port', '70000'], io)).toBe(2);
    expect(stderr).toContain('--port');
  });
});
