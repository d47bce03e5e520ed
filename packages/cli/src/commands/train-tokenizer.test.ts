import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tokenizer } from '@llm/tokenizer/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../main.js';

let dir: string;
let corpus: string;

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'llm-train-tok-'));
  corpus = join(dir, 'corpus.txt');
  const lines: string[] = [];
  for (let i = 0; i < 300; i++) {
    lines.push(
      `The whale number ${i} swam past the ship, and the sailors sang of whales and ships.`,
    );
  }
  writeFileSync(corpus, `${lines.join('\n')}\n`);
});

describe('llm train-tokenizer', () => {
  it.each(['bpe', 'byte-bpe', 'wordpiece', 'unigram'])(
    'trains a %s tokenizer that round-trips the corpus, deterministically',
    async (type) => {
      const out = join(dir, `${type}.json`);
      const r = await run([
        'train-tokenizer',
        '--type',
        type,
        '--vocab-size',
        '300',
        '--out',
        out,
        corpus,
      ]);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out).out).toBe(out);
      const tok = await Tokenizer.fromFile(out);
      expect(tok.getVocabSize()).toBeLessThanOrEqual(300);
      const text = 'The whale swam past the ship.';
      const enc = tok.encode(text, { addSpecialTokens: false });
      expect(enc.ids.length).toBeGreaterThan(0);
      expect(enc.ids.length).toBeLessThan(text.length);
      const decoded = tok.decode(enc.ids);
      if (type === 'wordpiece') expect(decoded).toBe(text.toLowerCase());
      else if (type === 'bpe') expect(decoded.replaceAll(' ', '')).toBe(text.replaceAll(' ', ''));
      else expect(decoded).toBe(text);
      // same inputs and settings → the same bytes
      const again = join(dir, `${type}-again.json`);
      await run(['train-tokenizer', '--type', type, '--vocab-size', '300', '--out', again, corpus]);
      expect(readFileSync(again, 'utf8')).toBe(readFileSync(out, 'utf8'));
    },
  );

  it('rejects bad input with one line and the right exit code', async () => {
    let r = await run([
      'train-tokenizer',
      '--type',
      'nope',
      '--vocab-size',
      '10',
      '--out',
      join(dir, 'x.json'),
      corpus,
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--type must be one of bpe, byte-bpe, wordpiece, unigram');
    r = await run([
      'train-tokenizer',
      '--type',
      'bpe',
      '--vocab-size',
      'ten',
      '--out',
      join(dir, 'x.json'),
      corpus,
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toBe("llm: --vocab-size must be an integer >= 1, got 'ten'\n");
    r = await run([
      'train-tokenizer',
      '--type',
      'bpe',
      '--vocab-size',
      '0',
      '--out',
      join(dir, 'x.json'),
      corpus,
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toBe("llm: --vocab-size must be an integer >= 1, got '0'\n");
    r = await run([
      'train-tokenizer',
      '--type',
      'bpe',
      '--vocab-size',
      '100',
      '--out',
      join(dir, 'x.json'),
      join(dir, 'none.txt'),
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/cannot read .*none\.txt/);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    r = await run([
      'train-tokenizer',
      '--type',
      'bpe',
      '--vocab-size',
      '100',
      '--out',
      join(dir, 'x.json'),
    ]);
    expect(r.code).toBe(2);
  });
});
