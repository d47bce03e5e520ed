// ALBERT's SentencePiece Unigram (precompiled charsmap, metaspace) against HF `tokenizers`.
import fc from 'fast-check';
import hf from 'tokenizers';
import { beforeAll, describe, expect, it } from 'vitest';
import { NormalizedString, Tokenizer } from '../src/index.js';
import { fixture, fromHf, mobyDick, plain, readFixture, TRICKY } from './helpers.js';

let ours: Tokenizer;
let theirs: hf.Tokenizer;

beforeAll(() => {
  ours = Tokenizer.fromString(readFixture('albert-30k-unigram-tokenizer.json'));
  theirs = hf.Tokenizer.fromFile(fixture('albert-30k-unigram-tokenizer.json'));
});

describe('ALBERT Unigram parity', () => {
  it('normalizes like HF (precompiled charsmap, strip, replace)', () => {
    const n = theirs.getNormalizer()!;
    for (const s of TRICKY) {
      expect(
        ours.normalizer!.normalize(NormalizedString.from(s)).normalized,
        JSON.stringify(s),
      ).toBe(n.normalizeString(s));
    }
    const samples = fc.sample(fc.string({ unit: 'grapheme', maxLength: 20 }), {
      numRuns: 300,
      seed: 7,
    });
    for (const s of samples) {
      expect(
        ours.normalizer!.normalize(NormalizedString.from(s)).normalized,
        JSON.stringify(s),
      ).toBe(n.normalizeString(s));
    }
  });

  it('encodes every line of Moby Dick like tokenizers', async () => {
    const lines = mobyDick()
      .split('\n')
      .filter((l) => l !== '');
    // One long sequence keeps the HF round trips few; lines also go through as a batch.
    const text = lines.join('\n');
    const h = await theirs.encode(text);
    expect(plain(ours.encode(text))).toEqual(fromHf(h, [text]));
    const hs = await theirs.encodeBatch(lines.slice(0, 3000));
    lines.slice(0, 3000).forEach((l, i) => {
      expect(ours.encode(l).ids, l).toEqual(hs[i]!.getIds());
    });
  });

  it('encodes the tricky strings like tokenizers', async () => {
    for (const s of TRICKY) {
      const h = await theirs.encode(s);
      expect(plain(ours.encode(s)), JSON.stringify(s)).toEqual(fromHf(h, [s]));
      expect(ours.decode(h.getIds())).toBe(await theirs.decode(h.getIds(), false));
    }
  });

  it('agrees with tokenizers on random strings', async () => {
    const samples = fc.sample(fc.string({ unit: 'grapheme', maxLength: 25 }), {
      numRuns: 300,
      seed: 3,
    });
    const hs = await theirs.encodeBatch(samples);
    samples.forEach((s, i) => {
      expect(ours.encode(s).ids, JSON.stringify(s)).toEqual(hs[i]!.getIds());
    });
  });
});
