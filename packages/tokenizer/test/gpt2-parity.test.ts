// GPT-2's byte-level BPE against two oracles: HF `tokenizers` (Rust) and js-tiktoken's
// gpt2 ranks, on all of Moby Dick and on strings chosen to break things.
import fc from 'fast-check';
import { getEncoding } from 'js-tiktoken';
import hf from 'tokenizers';
import { beforeAll, describe, expect, it } from 'vitest';
import { Tokenizer } from '../src/index.js';
import { cpToUtf16, fixture, mobyDick, readFixture, TRICKY } from './helpers.js';

let ours: Tokenizer;
let theirs: hf.Tokenizer;
const tiktoken = getEncoding('gpt2');

beforeAll(() => {
  ours = Tokenizer.fromString(readFixture('gpt2-tokenizer.json'));
  theirs = hf.Tokenizer.fromFile(fixture('gpt2-tokenizer.json'));
});

describe('GPT-2 byte-level BPE parity', () => {
  it('encodes all of Moby Dick exactly as tokenizers and js-tiktoken (ids, tokens, offsets)', async () => {
    const text = mobyDick();
    const mine = ours.encode(text);
    const h = await theirs.encode(text);
    expect(mine.ids.length).toBeGreaterThan(250_000);
    expect(mine.ids).toEqual(h.getIds());
    expect(mine.tokens).toEqual(h.getTokens());
    const m = cpToUtf16(text);
    expect(mine.offsets).toEqual(h.getOffsets().map(([a, b]) => [m(a!), m(b!)]));
    expect(mine.ids).toEqual(tiktoken.encode(text));
    expect(ours.decode(mine.ids)).toBe(text);
  });

  it.each(TRICKY.map((s, i) => [i, s]))('tricky string #%i matches tokenizers', async (_, s) => {
    const mine = ours.encode(s);
    const h = await theirs.encode(s);
    expect(mine.ids).toEqual(h.getIds());
    expect(mine.tokens).toEqual(h.getTokens());
    const m = cpToUtf16(s);
    expect(mine.offsets).toEqual(h.getOffsets().map(([a, b]) => [m(a!), m(b!)]));
    expect(ours.decode(mine.ids)).toBe(await theirs.decode(h.getIds(), false));
  });

  it('matches js-tiktoken on the tricky strings (special tokens as text)', () => {
    for (const s of TRICKY) {
      // js-tiktoken splits on \s as JavaScript defines it (U+FEFF in, U+0085 out); HF follows
      // Oniguruma's White_Space. We follow HF, so strings where the two differ are skipped.
      if (
        /[\ufeff\u0085]/.test(s) ||
        /[\ud800-\udfff]/.test(s.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))
      )
        continue;
      const expected = tiktoken.encode(s, 'all');
      expect(ours.encode(s).ids, JSON.stringify(s)).toEqual(expected);
    }
  });

  it('merges very long words like tokenizers, in near-linear time (no hang on a 200 kB word)', async () => {
    for (const s of ['abcdefghij'.repeat(300), 'ぁ'.repeat(2000), `x${'ab'.repeat(100_000)}`]) {
      expect(ours.encode(s).ids).toEqual((await theirs.encode(s)).getIds());
    }
  });

  it('turns lone surrogates into U+FFFD as HF does, keeping offsets in place', async () => {
    const s = 'a\ud800b\udc00';
    const mine = ours.encode(s);
    expect(mine.ids).toEqual((await theirs.encode(s)).getIds());
    expect(ours.decode(mine.ids)).toBe('a\ufffdb\ufffd');
  });

  it('decodes invalid UTF-8 byte runs to U+FFFD like tokenizers', async () => {
    const ids = [ours.tokenToId('ð')!, ours.tokenToId('Ł')!, 72];
    expect(ours.decode(ids)).toBe(await theirs.decode(ids, false));
  });

  it('keeps <|endoftext|> whole and skips it when asked', async () => {
    const s = 'end<|endoftext|>start';
    const mine = ours.encode(s);
    expect(mine.ids).toEqual((await theirs.encode(s)).getIds());
    expect(mine.ids).toContain(50256);
    expect(ours.decode(mine.ids, { skipSpecialTokens: true })).toBe('endstart');
    expect(ours.decode(mine.ids)).toBe(s);
  });
});

describe('GPT-2 properties (fast-check)', () => {
  it('decode(encode(s)) === s for any well-formed string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (s) => {
        expect(ours.decode(ours.encode(s).ids)).toBe(s);
      }),
      { numRuns: 400 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        expect(ours.decode(ours.encode(s).ids)).toBe(s);
      }),
      { numRuns: 400 },
    );
  });

  it('offsets slice the original into the text of each token (whole chars for split chars)', () => {
    const decodeOne = (id: number) => ours.decode([id]);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        const e = ours.encode(s);
        e.offsets.forEach(([a, b], i) => {
          expect(0 <= a && a <= b && b <= s.length).toBe(true);
          const piece = decodeOne(e.ids[i]!);
          // A token that holds part of a multi-byte char decodes to U+FFFD; its offsets
          // cover the whole char. Otherwise the slice is exactly the token's text.
          if (!piece.includes('\ufffd')) expect(s.slice(a, b)).toBe(piece);
          else expect(s.slice(a, b).length).toBeGreaterThan(0);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with tokenizers on random strings', async () => {
    const samples = fc.sample(fc.string({ unit: 'binary', maxLength: 30 }), {
      numRuns: 200,
      seed: 42,
    });
    const hs = await theirs.encodeBatch(samples);
    samples.forEach((s, i) => {
      expect(ours.encode(s).ids, JSON.stringify(s)).toEqual(hs[i]!.getIds());
    });
  });
});
