import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BertNormalizer,
  BertPreTokenizer,
  BertProcessing,
  Tokenizer,
  WordPiece,
  WordPieceDecoder,
} from '@llm/tokenizer/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../main.js';

const vocab = [
  '[PAD]',
  '[UNK]',
  '[CLS]',
  '[SEP]',
  '[MASK]',
  'hello',
  'world',
  'the',
  'cat',
  '##s',
  'sat',
  ',',
  '!',
];
let dir: string;
let file: string;
let tok: Tokenizer;

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llm-tokenize-'));
  tok = new Tokenizer(new WordPiece(new Map(vocab.map((t, i) => [t, i]))), {
    normalizer: new BertNormalizer(),
    preTokenizer: new BertPreTokenizer(),
    postProcessor: new BertProcessing(['[SEP]', 3], ['[CLS]', 2]),
    decoder: new WordPieceDecoder(),
  });
  tok.addSpecialTokens(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']);
  file = join(dir, 'tokenizer.json');
  await tok.save(file);
});

describe('llm tokenize', () => {
  it('prints the encoding of --text as one JSON line', async () => {
    const { code, out } = await run(['tokenize', '--tokenizer', file, '--text', 'Hello, cats!']);
    expect(code).toBe(0);
    expect(out.trim().split('\n')).toHaveLength(1);
    const got = JSON.parse(out);
    expect(got.tokens).toEqual(['[CLS]', 'hello', ',', 'cat', '##s', '!', '[SEP]']);
    expect(got.ids).toEqual([2, 5, 11, 8, 9, 12, 3]);
    expect(got.offsets).toEqual([
      [0, 0],
      [0, 5],
      [5, 6],
      [7, 10],
      [10, 11],
      [11, 12],
      [0, 0],
    ]);
    expect(got.typeIds).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(got.attentionMask).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });

  it('encodes pairs, truncates and pads like the library', async () => {
    const { out } = await run([
      'tokenize',
      '--tokenizer',
      file,
      '--text',
      'the cat sat',
      '--pair',
      'hello world hello world',
      '--max-length',
      '9',
      '--padding',
      'max-length',
    ]);
    const t = await Tokenizer.fromFile(file);
    t.setTruncation({ maxLength: 9 }).setPadding({ length: 9, padId: 0, padToken: '[PAD]' });
    const e = t.encode('the cat sat', { pair: 'hello world hello world' });
    const got = JSON.parse(out);
    expect(got.ids).toEqual(e.ids);
    expect(got.ids).toHaveLength(9);
    expect(got.typeIds).toEqual(e.typeIds);
    expect(got.typeIds).toContain(1);

    const { out: noSpecial } = await run([
      'tokenize',
      '--tokenizer',
      file,
      '--text',
      'the cat',
      '--no-special-tokens',
    ]);
    expect(JSON.parse(noSpecial).tokens).toEqual(['the', 'cat']);
  });

  it('reads JSONL with --file and pads to the longest with --padding longest', async () => {
    const input = join(dir, 'in.jsonl');
    writeFileSync(input, '{"text":"the cat"}\n{"text":"hello world","pair":"the cats sat"}\n');
    const { code, out } = await run([
      'tokenize',
      '--tokenizer',
      file,
      '--file',
      input,
      '--padding',
      'longest',
    ]);
    expect(code).toBe(0);
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0].ids).toHaveLength(lines[1].ids.length);
    expect(lines[0].attentionMask.filter((m: number) => m === 0).length).toBeGreaterThan(0);
    expect(lines[1].typeIds.at(-1)).toBe(1);
  });

  it('fails with one line naming the problem', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"model": {"type": "Nope", "vocab": {}}}');
    let r = await run(['tokenize', '--tokenizer', bad, '--text', 'x']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^llm: .*bad\.json: model\.type: unknown model "Nope" \(supported: BPE, Unigram, WordPiece\)\n$/,
    );

    r = await run(['tokenize', '--tokenizer', join(dir, 'missing.json'), '--text', 'x']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/cannot read .*missing\.json: ENOENT/);

    const badLines = join(dir, 'bad.jsonl');
    writeFileSync(badLines, '{"text":"ok"}\n{"txt":"no"}\n');
    r = await run(['tokenize', '--tokenizer', file, '--file', badLines]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('bad.jsonl:2');

    r = await run(['tokenize', '--tokenizer', file]);
    expect(r.code).toBe(2);
    r = await run(['tokenize', '--tokenizer', file, '--text', 'x', '--padding', 'max-length']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--max-length');
    for (const res of [r]) expect(res.err.trim().split('\n')).toHaveLength(1);
  });

  it.each([
    [['--max-length', '0'], "--max-length must be an integer >= 1, got '0'"],
    [['--max-length', '4', '--stride', '-1'], "--stride must be an integer >= 0, got '-1'"],
  ])('%j → one line naming the flag, exit 2', async (flags, message) => {
    const r = await run(['tokenize', '--tokenizer', file, '--text', 'x', ...flags]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`llm: ${message}\n`);
  });
});
