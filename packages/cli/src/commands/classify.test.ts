import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fromPretrained } from '@llm/models';
import { noGrad, tensor } from '@llm/tensor-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtures, fixtureWithTokenizer, testTokenizer } from '../../test/model-dirs.js';
import { main } from '../main.js';

async function llm(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { out: (s) => (stdout += s), err: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

const lines = (s: string) =>
  s
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

let dir: string;
beforeAll(async () => {
  dir = await fixtureWithTokenizer('bert_cls');
});

describe('llm classify', () => {
  it("--text: the model's softmax over id2label, argmax as label and score", async () => {
    const text = 'The movie was great fun!';
    const r = await llm('classify', '--model', dir, '--text', text);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [out] = lines(r.stdout);
    // the same forward by hand: the tokenizer's ids through the fixture model
    const ids = testTokenizer().encode(text).ids;
    const model = await fromPretrained(join(fixtures, 'bert_cls'));
    const logits = noGrad(
      () => model.forward({ inputIds: tensor(Int32Array.from(ids), [1, ids.length]) }).logits,
    );
    const z = Array.from(logits.data);
    const e = z.map((x) => Math.exp(x - Math.max(...z)));
    const probs = e.map((x) => x / e.reduce((s, y) => s + y, 0));
    const best = probs.indexOf(Math.max(...probs));
    expect(Object.keys(out)).toEqual(['label', 'score', 'probs']);
    expect(out.label).toBe(`LABEL_${best}`);
    expect(out.score).toBeCloseTo(probs[best]!, 6);
    expect(out.probs).toHaveLength(3);
    for (const [k, p] of (out.probs as number[]).entries()) expect(p).toBeCloseTo(probs[k]!, 6);
  });

  it('--file .txt and .jsonl: one line per input, the same as --text (padding does not leak)', async () => {
    const texts = ['the cat sat on the mat.', 'bad', 'i loved it and the acting was very good !'];
    const txt = join(dir, 'in.txt');
    const jsonl = join(dir, 'in.jsonl');
    await writeFile(txt, `${texts.join('\n')}\n\n`);
    await writeFile(jsonl, texts.map((text) => JSON.stringify({ text })).join('\n'));
    const one = await Promise.all(texts.map((t) => llm('classify', '--model', dir, '--text', t)));
    const fromTxt = lines((await llm('classify', '--model', dir, '--file', txt)).stdout);
    const fromJsonl = lines(
      (await llm('classify', '--model', dir, '--file', jsonl, '--batch-size', '2')).stdout,
    );
    expect(fromTxt).toHaveLength(3);
    texts.forEach((_, i) => {
      const alone = lines(one[i]!.stdout)[0];
      for (const got of [fromTxt[i], fromJsonl[i]]) {
        expect(got.label).toBe(alone.label);
        for (const [k, p] of (got.probs as number[]).entries())
          expect(p).toBeCloseTo(alone.probs[k], 5);
      }
    });
  });

  it('bad input: one line, the right exit code', async () => {
    const cases: [string[], number, RegExp][] = [
      [['--model', dir], 2, /give exactly one of --text and --file/],
      [['--model', dir, '--text', 'a', '--file', 'b'], 2, /give exactly one of --text and --file/],
      [
        ['--model', dir, '--text', 'a', '--batch-size', '0'],
        2,
        /--batch-size must be an integer >= 1/,
      ],
      [['--model', join(dir, 'nope'), '--text', 'a'], 1, /nope\/config\.json: no such file/],
      [['--model', join(fixtures, 'bert_cls'), '--text', 'a'], 1, /tokenizer\.json: no such file/],
      [['--model', dir, '--file', join(dir, 'missing.txt')], 1, /missing\.txt: no such file/],
    ];
    const badJsonl = join(dir, 'bad.jsonl');
    await writeFile(badJsonl, '{"text":"ok"}\n\n{"txt":"no"}\n');
    cases.push([['--model', dir, '--file', badJsonl], 1, /bad\.jsonl:3: "text" must be a string/]);
    // a language model is not a classifier
    const mlm = await fixtureWithTokenizer('bert');
    cases.push([['--model', mlm, '--text', 'a'], 1, /not a sequence-classification model/]);
    for (const [args, code, message] of cases) {
      const r = await llm('classify', ...args);
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
  });

  it('labels come from config.json id2label', async () => {
    const hf = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
    const named = await fixtureWithTokenizer('bert_cls');
    const id2label = { 0: 'negative', 1: 'neutral', 2: 'positive' };
    await writeFile(join(named, 'config.json'), JSON.stringify({ ...hf, id2label, label2id: {} }));
    const a = lines((await llm('classify', '--model', dir, '--text', 'good')).stdout)[0];
    const b = lines((await llm('classify', '--model', named, '--text', 'good')).stdout)[0];
    expect(b.probs).toEqual(a.probs);
    expect(b.label).toBe(Object.values(id2label)[Number(a.label.slice(-1))]);
  });
});
