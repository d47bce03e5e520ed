// `pnpm train-bert --quick`, end to end in a child process, as a user runs it.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { strategies } from '@llm/finetune-strategies';
import { BertForSequenceClassification, fromPretrained } from '@llm/models';
import { loadTokenizer } from '@llm/tokenizer/node';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PipelineResult } from './pipeline.js';
import { encodeSentence } from './pipeline.js';
import { sentimentSplit } from './sentiment-split.js';
import { predict } from './sequence-classification.js';

const app = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (args: string[]) =>
  promisify(execFile)(
    join(app, 'node_modules', '.bin', 'tsx'),
    ['--conditions=@llm/source', join(app, 'src', 'main.ts'), ...args],
    { cwd: app, env: { ...process.env, INIT_CWD: app }, timeout: 110_000 },
  );

describe('train-bert --quick', () => {
  let out: string;
  let stdout: string;
  let seconds: number;
  let result: PipelineResult;

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'train-bert-'));
    const t = performance.now();
    ({ stdout } = await run(['--quick', '--out', out]));
    seconds = (performance.now() - t) / 1000;
    result = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
  }, 120_000);

  it('finishes well under a minute and writes every directory', () => {
    expect(seconds).toBeLessThan(60);
    for (const dir of ['pretrained', 'classifier'])
      for (const file of ['config.json', 'model.safetensors', 'tokenizer.json'])
        expect(existsSync(join(out, dir, file)), `${dir}/${file}`).toBe(true);
    // a LoRA winner also leaves its adapter in PEFT's files
    if (result.saved.lora)
      for (const file of ['adapter_config.json', 'adapter_model.safetensors'])
        expect(existsSync(join(out, 'lora', file)), `lora/${file}`).toBe(true);
  });

  it('prints a table row for every registered strategy and both baselines, with scores in range', () => {
    expect(result.runs.map((r) => r.strategy)).toEqual(strategies.names());
    for (const name of strategies.names())
      expect(stdout).toMatch(new RegExp(`^\\| ${name}[ |]`, 'm'));
    expect(stdout).toContain('| baseline: majority class |');
    expect(stdout).toContain('| baseline: AFINN lexicon (score > 0) |');
    for (const s of [...result.runs, result.baselines.majority, result.baselines.lexicon]) {
      for (const x of [s.accuracy, s.macroF1]) expect(x >= 0 && x <= 1).toBe(true);
      expect(s.mcc >= -1 && s.mcc <= 1).toBe(true);
    }
    for (const r of result.runs) expect(r.trainableParams).toBeLessThanOrEqual(r.allParams);
    expect(result.pretraining!.maskedAccuracy).toBeGreaterThanOrEqual(0);
    expect(result.pretraining!.heldOutLoss).toBeGreaterThan(0);
    const cells = result.confusion.matrix.flat();
    expect(cells.reduce((a, b) => a + b, 0)).toBe(600);
  });

  it('the saved classifier loads with fromPretrained and scores what the table says', async () => {
    const model = await fromPretrained(join(out, 'classifier'));
    expect(model).toBeInstanceOf(BertForSequenceClassification);
    const config = JSON.parse(await readFile(join(out, 'classifier', 'config.json'), 'utf8'));
    expect(config.id2label).toEqual({ 0: 'negative', 1: 'positive' });
    const tokenizer = await loadTokenizer(join(out, 'classifier', 'tokenizer.json'));
    const { test } = sentimentSplit();
    const { labels, probs } = predict(
      model,
      test.map((s) => encodeSentence(tokenizer, s.text, 32)),
      { padTokenId: 0 },
    );
    expect(probs.every((p) => Math.abs(p[0]! + p[1]! - 1) < 1e-5)).toBe(true);
    const accuracy = labels.filter((l, i) => l === test[i]!.label).length / test.length;
    const best = result.runs.find((r) => r.strategy === result.best)!;
    // a merged LoRA model differs from the unmerged one by float32 rounding: allow a near-tie to flip
    expect(Math.abs(accuracy - best.accuracy)).toBeLessThanOrEqual(2 / test.length);
  });

  it('--help prints the flags; a bad flag exits 2 with one line', async () => {
    expect((await run(['--help'])).stdout).toContain('--quick');
    await expect(run(['--steps', 'x'])).rejects.toMatchObject({
      code: 2,
      stderr: "train-bert: --steps must be an integer >= 1, got 'x'\n",
    });
    await expect(run(['--peft-lr', '0'])).rejects.toMatchObject({
      code: 2,
      stderr: "train-bert: --peft-lr must be a number > 0, got '0'\n",
    });
  });
});
