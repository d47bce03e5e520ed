import { readFileSync } from 'node:fs';
import { copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Gpt, savePretrained } from '@llm/models';
import { Rng } from '@llm/tensor-core';
import { Tokenizer } from '@llm/tokenizer';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';

const fixtures = fileURLToPath(new URL('../../../models/test/fixtures/', import.meta.url));
const gpt2Tokenizer = fileURLToPath(
  new URL('../../../tokenizer/test/fixtures/gpt2-tokenizer.json', import.meta.url),
);
const expected = (name: string) =>
  JSON.parse(readFileSync(join(fixtures, name, 'expected.json'), 'utf8'));

async function llm(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { out: (s) => (stdout += s), err: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

describe('llm generate', () => {
  it.each(['gpt2', 't5'])('%s: greedy ids equal the fixture', async (name) => {
    const g = expected(name).generate;
    const prompt = (g.prompts ?? g.encoder_input_ids)[0] as number[];
    const r = await llm(
      'generate',
      '--model',
      join(fixtures, name),
      '--input-ids',
      prompt.join(','),
      '--max-new-tokens',
      '8',
    );
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ ids: g.new_tokens[0] });
  });

  it('text in and out, and --stream prints the same text', async () => {
    // a tiny random GPT over GPT-2's real vocabulary, with its tokenizer.json beside it
    const dir = await mkdtemp(join(tmpdir(), 'llm-gen-'));
    const model = new Gpt(
      { vocabSize: 50257, contextLength: 64, numLayers: 1, numHeads: 2, embedDim: 8 },
      { rng: new Rng(1) },
    );
    await savePretrained(model, dir);
    await copyFile(gpt2Tokenizer, join(dir, 'tokenizer.json'));
    const tokenizer = Tokenizer.fromString(readFileSync(gpt2Tokenizer, 'utf8'));
    const args = [
      'generate',
      '--model',
      dir,
      '--prompt',
      'Call me Ishmael.',
      '--max-new-tokens',
      '6',
      '--strategy',
      'sample',
      '--seed',
      '5',
    ];
    const r = await llm(...args);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.ids).toHaveLength(6);
    expect(out.text).toBe(tokenizer.decode(out.ids, { skipSpecialTokens: true }));
    const streamed = await llm(...args, '--stream');
    expect(streamed.code).toBe(0);
    expect(streamed.stdout).toBe(`${out.text}\n`);
  });

  it.each([
    [['--max-new-tokens', '3'], 'give exactly one of --input-ids and --prompt'],
    [
      ['--input-ids', '1,2', '--max-new-tokens', '-1'],
      "--max-new-tokens must be an integer >= 1, got '-1'",
    ],
    [
      ['--input-ids', '1,x', '--max-new-tokens', '2'],
      "--input-ids must be comma-separated integers >= 0, got '1,x'",
    ],
    [
      ['--input-ids', '1', '--max-new-tokens', '2', '--strategy', 'nucleus'],
      "--strategy must be greedy, sample or beam, got 'nucleus'",
    ],
    [
      ['--input-ids', '1', '--max-new-tokens', '2', '--top-p', '1.5'],
      "--top-p must be a number in (0, 1], got '1.5'",
    ],
    [
      ['--input-ids', '1', '--max-new-tokens', '0'],
      "--max-new-tokens must be an integer >= 1, got '0'",
    ],
    [
      ['--input-ids', '1', '--max-new-tokens', '2', '--temperature', '-2'],
      "--temperature must be a number >= 0, got '-2'",
    ],
    [
      ['--input-ids', '1', '--max-new-tokens', '2', '--seed', '1.5'],
      "--seed must be an integer >= 0, got '1.5'",
    ],
    [
      ['--input-ids', '1', '--max-new-tokens', '2', '--top-k', '-1'],
      "--top-k must be an integer >= 0, got '-1'",
    ],
    [
      ['--input-ids', '1', '--max-new-tokens', '2', '--num-beams', '0'],
      "--num-beams must be an integer >= 1, got '0'",
    ],
    [
      ['--input-ids', '1', '--max-new-tokens', '2', '--stop-tokens', '3,-4'],
      "--stop-tokens must be comma-separated integers >= 0, got '3,-4'",
    ],
  ])('%j → one line, exit 2', async (flags, message) => {
    const r = await llm('generate', '--model', join(fixtures, 'gpt2'), ...flags);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('takes the edges of the ranges: --temperature 0 is greedy, --top-k 0 keeps all', async () => {
    const base = ['generate', '--model', join(fixtures, 'gpt2'), '--input-ids', '1,2'];
    const greedy = await llm(...base, '--max-new-tokens', '4');
    const cold = await llm(
      ...base,
      '--max-new-tokens',
      '4',
      '--strategy',
      'sample',
      '--temperature',
      '0',
      '--top-k',
      '0',
      '--top-p',
      '1',
    );
    expect(cold.stderr).toBe('');
    expect(cold.code).toBe(0);
    expect(JSON.parse(cold.stdout)).toEqual(JSON.parse(greedy.stdout));
  });

  it('a prompt without a tokenizer, or a model that cannot generate: one line, exit 1', async () => {
    const noTokenizer = await llm(
      'generate',
      '--model',
      join(fixtures, 'gpt2'),
      '--prompt',
      'hi',
      '--max-new-tokens',
      '2',
    );
    expect(noTokenizer.code).toBe(1);
    expect(noTokenizer.stderr).toMatch(
      /tokenizer\.json: no such file \(needed for --prompt and --stream\)\n$/,
    );
    const bert = await llm(
      'generate',
      '--model',
      join(fixtures, 'bert'),
      '--input-ids',
      '1,2',
      '--max-new-tokens',
      '2',
    );
    expect(bert.code).toBe(1);
    expect(bert.stderr).toMatch(/this model cannot generate/);
  });
});
