import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtures, fixtureWithTokenizer } from '../../test/model-dirs.js';
import { main } from '../main.js';

async function llm(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { out: (s) => (stdout += s), err: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

async function ok(...argv: string[]) {
  const r = await llm(...argv);
  expect(r.code, r.stderr).toBe(0);
  return r;
}

const SENTENCES = [
  'the movie was great fun !',
  'the film is boring and bad .',
  'i loved the acting .',
  'the cat sat on the mat .',
];

const logitsOf = async (...argv: string[]) =>
  JSON.parse((await ok('forward', ...argv)).stdout).logits as { shape: number[]; data: number[] };

function maxDiff(a: { data: number[] }, b: { data: number[] }): number {
  expect(a.data.length).toBe(b.data.length);
  return a.data.reduce((m, x, i) => Math.max(m, Math.abs(x - b.data[i]!)), 0);
}

describe('LoRA adapters: llm finetune --strategy lora, --adapter, llm merge-adapter', () => {
  let base: string;
  let adapter: string;
  beforeAll(async () => {
    base = await fixtureWithTokenizer('gpt2');
    const data = join(base, 'train.txt');
    await writeFile(data, SENTENCES.join('\n'));
    adapter = join(base, 'lora');
    const r = await ok(
      ...['finetune', '--model', base, '--data', data, '--task', 'causal-lm', '--out', adapter],
      ...['--strategy', 'lora', '--r', '4', '--lora-alpha', '8', '--target-modules', 'c_attn'],
      ...['--steps', '3', '--lr', '1e-2', '--batch-size', '4'],
    );
    // a few per cent of GPT-2's parameters train
    const [, trainable, all] = /trainable params: ([\d,]+) \|\| all params: ([\d,]+)/
      .exec(r.stderr)!
      .map((s) => Number(s.replaceAll(',', '')));
    expect(trainable).toBeGreaterThan(0);
    expect(trainable! / all!).toBeLessThan(0.5);
  });

  it("writes PEFT's files and the tokenizer, not a model", async () => {
    expect((await readdir(adapter)).sort()).toEqual([
      'adapter_config.json',
      'adapter_model.safetensors',
      'tokenizer.json',
    ]);
    const config = JSON.parse(await readFile(join(adapter, 'adapter_config.json'), 'utf8'));
    expect(config).toMatchObject({
      peft_type: 'LORA',
      task_type: 'CAUSAL_LM',
      r: 4,
      lora_alpha: 8,
      target_modules: ['c_attn'],
      base_model_name_or_path: base,
    });
  });

  it('forward --adapter equals forward on the merged directory within 1e-5, and differs from the base', async () => {
    const input = join(fixtures, 'gpt2', 'inputs.json');
    const merged = join(base, 'merged');
    const m = await ok('merge-adapter', '--model', base, '--adapter', adapter, '--out', merged);
    expect(JSON.parse(m.stdout)).toEqual({ out: merged, merged: 2 }); // c_attn in each of 2 blocks
    expect((await readdir(merged)).sort()).toEqual([
      'config.json',
      'model.safetensors',
      'tokenizer.json',
    ]);
    const adapted = await logitsOf('--model', base, '--adapter', adapter, '--input', input);
    const fromMerged = await logitsOf('--model', merged, '--input', input);
    const plain = await logitsOf('--model', base, '--input', input);
    expect(maxDiff(adapted, fromMerged)).toBeLessThan(1e-5);
    // three steps at lr 1e-2 moved B off zero: the adapter changes the logits
    expect(maxDiff(adapted, plain)).toBeGreaterThan(1e-3);
  });

  it('generate --adapter continues as the merged model does', async () => {
    const merged = join(base, 'merged-gen');
    await ok('merge-adapter', '--model', base, '--adapter', adapter, '--out', merged);
    const args = ['--prompt', 'the cat', '--max-new-tokens', '5'];
    const a = await ok('generate', '--model', base, '--adapter', adapter, ...args);
    const b = await ok('generate', '--model', merged, ...args);
    expect(JSON.parse(a.stdout)).toEqual(JSON.parse(b.stdout));
  });

  it('classification LoRA on a masked-LM BERT: classify --adapter builds the head and equals the merged classifier', async () => {
    const bert = await fixtureWithTokenizer('bert');
    const data = join(bert, 'reviews.tsv');
    await writeFile(data, 'great fun\tpos\nboring and bad\tneg\ni loved it\tpos\nawful\tneg\n');
    const lora = join(bert, 'lora');
    await ok(
      ...['finetune', '--model', bert, '--data', data, '--task', 'classification', '--out', lora],
      ...['--strategy', 'lora', '--target-modules', 'query,value', '--steps', '3', '--lr', '1e-2'],
    );
    const config = JSON.parse(await readFile(join(lora, 'adapter_config.json'), 'utf8'));
    expect(config.task_type).toBe('SEQ_CLS');
    const merged = join(bert, 'merged');
    await ok('merge-adapter', '--model', bert, '--adapter', lora, '--out', merged);
    const text = ['--text', 'the film was fun'];
    const a = JSON.parse(
      (await ok('classify', '--model', bert, '--adapter', lora, ...text)).stdout,
    );
    const b = JSON.parse((await ok('classify', '--model', merged, ...text)).stdout);
    expect(a.label).toBe(b.label);
    expect(a.probs).toHaveLength(2);
    for (const [k, p] of (a.probs as number[]).entries()) expect(p).toBeCloseTo(b.probs[k], 5);
  });

  it('a missing or mismatched adapter: one line, exit 1', async () => {
    const input = join(fixtures, 'gpt2', 'inputs.json');
    const bert = join(fixtures, 'bert');
    const cases: [string[], RegExp][] = [
      [
        ['forward', '--model', base, '--adapter', join(base, 'nope'), '--input', input],
        /nope\/adapter_config\.json: no such file/,
      ],
      [
        ['forward', '--model', bert, '--adapter', adapter, '--input', join(bert, 'inputs.json')],
        /adapter_model\.safetensors: key '.*c_attn\.lora_A\.weight': .* is not a LoRA target of the model/,
      ],
      [
        ['merge-adapter', '--model', base, '--adapter', base, '--out', join(base, 'x')],
        /adapter_config\.json: no such file/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await llm(...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    const usage = await llm('merge-adapter', '--model', base, '--out', join(base, 'x'));
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/missing required flag --adapter/);
  });
});
