import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fromPretrained } from '@llm/models';
import { readSafetensors } from '@llm/tensor-core';
import { describe, expect, it } from 'vitest';
import { fixtures, fixtureWithTokenizer } from '../../test/model-dirs.js';
import { main } from '../main.js';

async function llm(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { out: (s) => (stdout += s), err: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

const jsonLines = (s: string) =>
  s
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

const SENTENCES = [
  'the movie was great fun !',
  'the film is boring and bad .',
  'i loved the acting .',
  'i hated the plot , it was awful .',
  'the cat sat on the mat .',
  'a dog sat on a mat .',
];
const REVIEWS: [string, string][] = [
  ['the movie was great fun !', 'pos'],
  ['i loved the acting .', 'pos'],
  ['a very good film .', 'pos'],
  ['the film is boring and bad .', 'neg'],
  ['i hated the plot .', 'neg'],
  ['it was awful , not fun .', 'neg'],
];

/** Runs llm finetune; the step losses, the final line and the stderr report. */
async function finetune(model: string, data: string, task: string, ...flags: string[]) {
  const out = join(model, 'out');
  const r = await llm(
    'finetune',
    '--model',
    model,
    '--data',
    data,
    '--task',
    task,
    '--out',
    out,
    ...flags,
  );
  expect(r.code, r.stderr).toBe(0);
  const lines = jsonLines(r.stdout);
  const steps = lines.slice(0, -1);
  expect(steps.map((l) => Object.keys(l))).toEqual(steps.map(() => ['step', 'loss']));
  expect(lines.at(-1)).toEqual({ steps: steps.length, out });
  return { out, losses: steps.map((l) => l.loss as number), stderr: r.stderr };
}

/** Largest |a - b| over the tensors two safetensors files share. */
async function maxWeightChange(a: string, b: string): Promise<number> {
  const x = readSafetensors(await readFile(a)).tensors;
  const y = readSafetensors(await readFile(b)).tensors;
  let worst = 0;
  for (const [k, t] of Object.entries(x)) {
    const u = y[k];
    if (!u) continue;
    for (let i = 0; i < t.size; i++) worst = Math.max(worst, Math.abs(t.data[i]! - u.data[i]!));
  }
  return worst;
}

describe('llm finetune --strategy full', () => {
  it('causal-lm on GPT-2: the loss falls, the out dir loads with its tokenizer.json', async () => {
    const dir = await fixtureWithTokenizer('gpt2');
    const data = join(dir, 'train.txt');
    await writeFile(data, `${SENTENCES.join('\n')}\n`);
    const full = ['--strategy', 'full', '--steps', '5', '--lr', '1e-3', '--batch-size', '6'];
    const { out, losses, stderr } = await finetune(dir, data, 'causal-lm', ...full);
    expect(losses).toHaveLength(5);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! - 0.1);
    expect(stderr).toMatch(
      /^trainable params: ([\d,]+) \|\| all params: \1 \|\| trainable%: 100\.0000\n$/,
    );
    const model = await fromPretrained(out);
    expect(model.toHfConfig().architectures).toEqual(['GPT2LMHeadModel']);
    expect(await readFile(join(out, 'tokenizer.json'), 'utf8')).toBe(
      await readFile(join(dir, 'tokenizer.json'), 'utf8'),
    );
    expect(
      await maxWeightChange(join(dir, 'model.safetensors'), join(out, 'model.safetensors')),
    ).toBeGreaterThan(1e-4);
    // the same seed repeats the run exactly
    const again = await finetune(dir, data, 'causal-lm', ...full);
    expect(again.losses).toEqual(losses);
  });

  it('classification from a masked-LM BERT: a new head over the sorted labels, then llm classify', async () => {
    const dir = await fixtureWithTokenizer('bert');
    const data = join(dir, 'reviews.tsv');
    await writeFile(data, REVIEWS.map(([t, l]) => `${t}\t${l}`).join('\n'));
    const { out, losses, stderr } = await finetune(
      dir,
      data,
      'classification',
      ...['--strategy', 'full', '--steps', '8', '--lr', '1e-3', '--batch-size', '6'],
    );
    expect(stderr).toMatch(/newly initialised: .*classifier\.weight/);
    expect(losses.at(-1)!).toBeLessThan(losses[0]!);
    const config = JSON.parse(await readFile(join(out, 'config.json'), 'utf8'));
    expect(config.architectures).toEqual(['BertForSequenceClassification']);
    expect(config.id2label).toEqual({ 0: 'neg', 1: 'pos' });
    const r = await llm('classify', '--model', out, '--text', REVIEWS[0]![0]);
    expect(r.code).toBe(0);
    expect(['neg', 'pos']).toContain(JSON.parse(r.stdout).label);
  });

  it('classification on a classifier keeps its labels; .jsonl labels by name or by id', async () => {
    const dir = await fixtureWithTokenizer('bert_cls');
    const data = join(dir, 'reviews.jsonl');
    const rows = REVIEWS.map(([text, l], i) => ({ text, label: l === 'pos' ? 'LABEL_2' : i % 2 }));
    await writeFile(data, rows.map((r) => JSON.stringify(r)).join('\n'));
    const { out, losses } = await finetune(
      dir,
      data,
      'classification',
      ...['--strategy', 'full', '--steps', '4', '--lr', '1e-3', '--batch-size', '6'],
    );
    expect(losses.at(-1)!).toBeLessThan(losses[0]!);
    const config = JSON.parse(await readFile(join(out, 'config.json'), 'utf8'));
    expect(config.id2label).toEqual({ 0: 'LABEL_0', 1: 'LABEL_1', 2: 'LABEL_2' });
  });

  it('masked-lm on BERT and seq2seq on T5 train and save loadable directories', async () => {
    const bert = await fixtureWithTokenizer('bert');
    const text = join(bert, 'train.txt');
    await writeFile(text, `${SENTENCES.join('\n')}\n`);
    const mlm = await finetune(
      bert,
      text,
      'masked-lm',
      ...['--strategy', 'full', '--steps', '3', '--lr', '1e-3', '--batch-size', '6'],
    );
    expect(mlm.losses).toHaveLength(3);
    expect(mlm.losses.every(Number.isFinite)).toBe(true);
    expect((await fromPretrained(mlm.out)).toHfConfig().architectures).toEqual(['BertForMaskedLM']);

    const t5 = await fixtureWithTokenizer('t5');
    const pairs = join(t5, 'pairs.jsonl');
    await writeFile(
      pairs,
      REVIEWS.map(([input, target]) =>
        JSON.stringify({ input, target: target === 'pos' ? 'good' : 'bad' }),
      ).join('\n'),
    );
    const s2s = await finetune(
      t5,
      pairs,
      'seq2seq',
      ...['--strategy', 'full', '--steps', '5', '--lr', '1e-3', '--batch-size', '6'],
    );
    expect(s2s.losses.at(-1)!).toBeLessThan(s2s.losses[0]!);
    expect((await fromPretrained(s2s.out)).toHfConfig().model_type).toBe('t5');
  });

  it.each([
    // strategy, its flags, which of the base's tensors may change
    [
      'freeze',
      ['--freeze-layers', '1'],
      // bert.embeddings (LayerNorm included) and layer 0 stay frozen
      (k: string) => k.startsWith('bert.encoder.layer.1.'),
    ],
    ['head-only', [], () => false],
    ['bitfit', [], (k: string) => k.endsWith('.bias')],
  ] as const)(
    'classification with --strategy %s: only what it trains moves, the rest stays bit-identical',
    async (strategy, flags, mayChange) => {
      const dir = await fixtureWithTokenizer('bert');
      const data = join(dir, 'reviews.tsv');
      await writeFile(data, REVIEWS.map(([t, l]) => `${t}\t${l}`).join('\n'));
      const { out, losses, stderr } = await finetune(
        dir,
        data,
        'classification',
        ...['--strategy', strategy, ...flags, '--steps', '3', '--lr', '1e-2', '--batch-size', '6'],
      );
      expect(losses.every(Number.isFinite)).toBe(true);
      const [, trainable, all] = /trainable params: ([\d,]+) \|\| all params: ([\d,]+)/
        .exec(stderr)!
        .map((x) => Number(x.replaceAll(',', '')));
      expect(trainable).toBeLessThan(all!);
      const base = readSafetensors(await readFile(join(dir, 'model.safetensors'))).tensors;
      const tuned = readSafetensors(await readFile(join(out, 'model.safetensors'))).tensors;
      let moved = 0;
      for (const [k, t] of Object.entries(base)) {
        const u = tuned[k];
        if (!u) continue; // the masked-LM head (cls.*) is not part of a classifier
        const same = t.data.every((x, i) => Object.is(x, u.data[i]));
        if (!mayChange(k)) expect(same, k).toBe(true);
        else if (!same) moved++;
      }
      if (strategy !== 'head-only') expect(moved).toBeGreaterThan(0);
      expect((await fromPretrained(out)).toHfConfig().architectures).toEqual([
        'BertForSequenceClassification',
      ]);
    },
  );

  it('without --steps: one pass over the data', async () => {
    const dir = await fixtureWithTokenizer('gpt2');
    const data = join(dir, 'train.txt');
    await writeFile(data, `${SENTENCES.join('\n')}\n`);
    const { losses } = await finetune(
      dir,
      data,
      'causal-lm',
      '--strategy',
      'full',
      '--batch-size',
      '4',
    );
    expect(losses).toHaveLength(2); // 6 examples, batches of 4
  });

  it('bad input: one line, the right exit code', async () => {
    const gpt2 = await fixtureWithTokenizer('gpt2');
    const txt = join(gpt2, 'train.txt');
    await writeFile(txt, 'hello world\n');
    const tsv = join(gpt2, 'bad.tsv');
    await writeFile(tsv, 'good movie\tpos\nno label here\n');
    const two = join(gpt2, 'two.tsv');
    await writeFile(two, 'good movie\tpos\nbad movie\tneg\n');
    const one = join(gpt2, 'one.tsv');
    await writeFile(one, 'good movie\tpos\nbad movie\tpos\n');
    const base = (model: string, data: string, task: string) => [
      '--model',
      model,
      '--data',
      data,
      '--task',
      task,
      '--out',
      join(gpt2, 'o'),
    ];
    const bertCls = await fixtureWithTokenizer('bert_cls');
    const cases: [string[], number, RegExp][] = [
      [[...base(gpt2, txt, 'causal-lm'), '--strategy', 'nope'], 2, /unknown strategy 'nope'.*full/],
      [
        [...base(gpt2, txt, 'translation'), '--strategy', 'full'],
        2,
        /--task must be one of causal-lm, masked-lm, classification, seq2seq, got 'translation'/,
      ],
      [
        [...base(gpt2, txt, 'causal-lm'), '--strategy', 'full', '--lr', '0'],
        2,
        /--lr must be a number > 0/,
      ],
      [
        [...base(gpt2, txt, 'causal-lm'), '--strategy', 'full', '--r', '0'],
        2,
        /--r must be an integer >= 1/,
      ],
      [[...base(gpt2, txt, 'causal-lm')], 2, /missing required flag --strategy/],
      [
        [...base(join(fixtures, 'gpt2'), txt, 'causal-lm'), '--strategy', 'full'],
        1,
        /tokenizer\.json: no such file/,
      ],
      [
        [...base(gpt2, join(gpt2, 'none.txt'), 'causal-lm'), '--strategy', 'full'],
        1,
        /none\.txt: no such file/,
      ],
      [
        [...base(gpt2, two, 'classification'), '--strategy', 'full'],
        1,
        /config\.json: model_type 'gpt2' has no sequence-classification head/,
      ],
      [
        [...base(bertCls, tsv, 'classification'), '--strategy', 'full'],
        1,
        /bad\.tsv:2: expected text<TAB>label/,
      ],
      [
        [...base(bertCls, txt, 'classification'), '--strategy', 'full'],
        1,
        /train\.txt: classification data is \.tsv/,
      ],
      [
        [...base(bertCls, one, 'classification'), '--strategy', 'full'],
        1,
        /one\.tsv:1: label 'pos' is not one of the model's \(LABEL_0, LABEL_1, LABEL_2\)/,
      ],
      [
        [...base(gpt2, txt, 'causal-lm'), '--strategy', 'lora', '--target-modules', 'nope'],
        1,
        /--strategy lora: .*target_modules \["nope"\] not found/,
      ],
      [[...base(gpt2, txt, 'seq2seq'), '--strategy', 'full'], 1, /seq2seq data is \.jsonl/],
    ];
    for (const [args, code, message] of cases) {
      const r = await llm('finetune', ...args);
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
    // a masked-LM BERT given data with one label: nothing to classify
    const mlmOne = await fixtureWithTokenizer('bert');
    const r = await llm('finetune', ...base(mlmOne, one, 'classification'), '--strategy', 'full');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`llm: ${one}: classification needs at least 2 labels, found 1\n`);
  });
});
