import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixture } from '../test/fixtures.js';
import { exactMatch } from './exact-match.js';
import { squadF1 } from './squad-f1.js';
import { normalizeAnswer } from './squad-normalize.js';

interface Squad {
  examples: {
    prediction: string;
    answers: string[];
    normalizedPrediction: string;
    normalizedAnswers: string[];
    exactMatch: number;
    f1: number;
  }[];
  corpus: { exact_match: number; f1: number };
}
const squad = fixture<Squad>('squad.json');

describe('SQuAD v1.1 exact match and F1 match the official script', () => {
  it.each(squad.examples)('$prediction', (e) => {
    expect(normalizeAnswer(e.prediction)).toBe(e.normalizedPrediction);
    expect(e.answers.map(normalizeAnswer)).toEqual(e.normalizedAnswers);
    expect(exactMatch.compute([e.prediction], [e.answers])).toBe(100 * e.exactMatch);
    expect(squadF1.compute([e.prediction], [e.answers])).toBeCloseTo(100 * e.f1, 12);
  });

  it('matches the corpus values', () => {
    const preds = squad.examples.map((e) => e.prediction);
    const golds = squad.examples.map((e) => e.answers);
    expect(exactMatch.compute(preds, golds)).toBeCloseTo(squad.corpus.exact_match, 12);
    expect(squadF1.compute(preds, golds)).toBeCloseTo(squad.corpus.f1, 12);
  });
});

describe('SQuAD properties and errors', () => {
  it('a prediction equal to a gold answer scores 100 on both (unless it normalises to nothing)', () => {
    const answer = fc.array(fc.constantFrom('Denver', 'broncos', 'the', 'a', '1,000', 'café'), {
      minLength: 1,
      maxLength: 5,
    });
    fc.assert(
      fc.property(answer, answer, (a, b) => {
        const p = a.join(' ');
        const g = b.join(' ');
        expect(exactMatch.compute([p], [[g, p]])).toBe(100);
        // v1.1 quirk kept: an answer of only articles / punctuation has F1 0 even when exact
        const expected = normalizeAnswer(p) === '' ? 0 : 100;
        expect(squadF1.compute([p], [[g, p]])).toBeCloseTo(expected, 12);
      }),
      { numRuns: 50 },
    );
  });

  it('refuses mismatched lengths, no examples and empty gold lists', () => {
    expect(() => exactMatch.compute(['a'], [])).toThrow(/1 predictions but 0 references/);
    expect(() => squadF1.compute([], [])).toThrow(/no examples/);
    expect(() => squadF1.compute(['a'], [[]])).toThrow(/at least one gold answer/);
  });
});
