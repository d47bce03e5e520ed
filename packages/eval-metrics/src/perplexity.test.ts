import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bitsPerByte } from './bits-per-byte.js';
import { perplexity } from './perplexity.js';

describe('perplexity', () => {
  it('is the inverse probability of uniform guesses', () => {
    expect(perplexity.compute([3 * Math.log(50257)], [3])).toBeCloseTo(50257, 6);
    expect(perplexity.compute([0], [5])).toBe(1);
  });

  it('weights tokens, not examples', () => {
    // 1 token at p=1/2 and 3 tokens at p=1/8: exp((ln2 + 3 ln8) / 4) = 2^(10/4)
    const value = perplexity.compute([Math.LN2, 3 * Math.log(8)], [1, 3]);
    expect(value).toBeCloseTo(2 ** 2.5, 12);
  });

  it('streams: any split into batches gives the one-shot value', () => {
    const examples = fc.array(
      fc.tuple(fc.double({ min: 0, max: 50, noNaN: true }), fc.integer({ min: 1, max: 20 })),
      { minLength: 1, maxLength: 30 },
    );
    fc.assert(
      fc.property(examples, fc.nat(30), (ex, cut) => {
        const nll = ex.map((e) => e[0]);
        const tokens = ex.map((e) => e[1]);
        const acc = perplexity.create();
        acc.add(nll.slice(0, cut), tokens.slice(0, cut)).add(nll.slice(cut), tokens.slice(cut));
        expect(acc.compute()).toBeCloseTo(perplexity.compute(nll, tokens), 10);
      }),
      { numRuns: 50 },
    );
  });

  it('refuses bad input with a clear message, never NaN', () => {
    expect(() => perplexity.compute([1, 2], [3])).toThrow(/2 predictions but 1 references/);
    expect(() => perplexity.compute([], [])).toThrow(/no examples/);
    expect(() => perplexity.compute([0], [0])).toThrow(/token counts sum to 0/);
    expect(() => perplexity.compute([-1], [2])).toThrow(/finite number ≥ 0/);
    expect(() => perplexity.compute([Number.NaN], [2])).toThrow(/finite number/);
    expect(() => perplexity.compute([1], [1.5])).toThrow(/integer/);
  });

  it('parses numbers from text lines', () => {
    expect(perplexity.parsePrediction(' 3.5 ')).toBe(3.5);
    expect(() => perplexity.parseReference('ten')).toThrow(/expected a number/);
    expect(() => perplexity.parseReference('')).toThrow(/expected a number/);
  });
});

describe('bits per byte', () => {
  it('counts UTF-8 bytes of the text', () => {
    // 'é' is 2 bytes, '€' 3, '😀' 4: 9 bytes; 18 bits of NLL → 2 bits per byte
    expect(bitsPerByte.compute([18 * Math.LN2], ['é€😀'])).toBeCloseTo(2, 12);
  });

  it('accepts byte counts and streams', () => {
    const acc = bitsPerByte.create();
    acc.add([Math.LN2], [1]).add([3 * Math.LN2], ['abc']);
    expect(acc.compute()).toBeCloseTo(1, 12);
  });

  it('is perplexity in bits when every token is one byte', () => {
    const nll = [4.1, 0.3, 2.2];
    const bytes = [3, 1, 2];
    const ppl = perplexity.compute(nll, bytes);
    expect(bitsPerByte.compute(nll, bytes)).toBeCloseTo(Math.log2(ppl), 12);
  });

  it('refuses zero bytes and bad counts', () => {
    expect(() => bitsPerByte.compute([1], [''])).toThrow(/0 bytes/);
    expect(() => bitsPerByte.compute([1], [-2])).toThrow(/integer ≥ 0/);
    expect(() => bitsPerByte.parseReference(null)).toThrow(/text or a byte count/);
  });
});
