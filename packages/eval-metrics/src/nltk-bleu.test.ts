import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixture } from '../test/fixtures.js';
import { type NltkSmoothing, nltkBleu } from './nltk-bleu.js';

interface Nltk {
  cases: {
    name: string;
    references: string[][][];
    hypotheses: string[][];
    scores: { smoothing: NltkSmoothing; weights: number[]; bleu?: number; error?: string }[];
  }[];
}
const nltk = fixture<Nltk>('nltk-bleu.json');

/** Equal to 12 significant digits (scores here range from 1e-155 to above 1). */
function expectRelClose(actual: number, expected: number) {
  if (expected === 0) expect(actual).toBe(0);
  else expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThan(1e-12);
}

describe("nltk-bleu matches NLTK's corpus_bleu", () => {
  for (const c of nltk.cases) {
    it(`${c.name}: every smoothing method and weighting`, () => {
      for (const s of c.scores) {
        const options = { smoothing: s.smoothing, weights: s.weights };
        if (s.error) {
          expect(() => nltkBleu.compute(c.hypotheses, c.references, options)).toThrow(/method6/);
        } else {
          expectRelClose(nltkBleu.compute(c.hypotheses, c.references, options), s.bleu!);
        }
      }
    });
  }
});

describe('nltk-bleu properties and input', () => {
  const tokens = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), {
    minLength: 4,
    maxLength: 10,
  });

  it('scores an identical corpus 1 with method0..method4', () => {
    fc.assert(
      fc.property(fc.array(tokens, { minLength: 1, maxLength: 4 }), (corpus) => {
        const refs = corpus.map((t) => [t]);
        for (const smoothing of ['method0', 'method1', 'method2', 'method3', 'method4'] as const) {
          expect(nltkBleu.compute(corpus, refs, { smoothing })).toBeCloseTo(1, 12);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('streams: adding in batches gives the one-shot result', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(tokens, tokens), { minLength: 1, maxLength: 6 }),
        fc.nat(6),
        (pairs, cut) => {
          const hyps = pairs.map((p) => p[0]);
          const refs = pairs.map((p) => [p[1]]);
          for (const smoothing of ['method1', 'method7'] as const) {
            const acc = nltkBleu.create({ smoothing });
            acc.add(hyps.slice(0, cut), refs.slice(0, cut)).add(hyps.slice(cut), refs.slice(cut));
            expect(acc.compute()).toBe(nltkBleu.compute(hyps, refs, { smoothing }));
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it('parses sentences, lists of references and token lists', () => {
    expect(nltkBleu.parsePrediction('a  b\tc')).toEqual(['a', 'b', 'c']);
    expect(nltkBleu.parsePrediction(['a b', 'c'])).toEqual(['a b', 'c']);
    expect(nltkBleu.parseReference('a b')).toEqual([['a', 'b']]);
    expect(nltkBleu.parseReference(['a b', 'c'])).toEqual([['a', 'b'], ['c']]);
    expect(nltkBleu.parseReference([['a', 'b'], ['c']])).toEqual([['a', 'b'], ['c']]);
    expect(() => nltkBleu.parseReference(7)).toThrow(/expected a reference/);
  });

  it('refuses bad options and empty references', () => {
    expect(() => nltkBleu.create({ smoothing: 'method8' } as never)).toThrow(/smoothing/);
    expect(() => nltkBleu.create({ weights: [] })).toThrow(/weights/);
    expect(() => nltkBleu.compute([['a']], [[]])).toThrow(/at least one reference/);
  });
});
