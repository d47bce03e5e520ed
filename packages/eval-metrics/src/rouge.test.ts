import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixture } from '../test/fixtures.js';
import { type RougeScore, rouge, rougeTokenize, scorePair } from './rouge.js';

type Triple = [number, number, number];
interface RougeFixture {
  published: { target: string; prediction: string; type: string; score: Triple }[];
  cases: { target: string; prediction: string; scores: Record<string, Triple> }[];
  multi: { targets: string[]; prediction: string; scores: Record<string, Triple> }[];
}
const fx = fixture<RougeFixture>('rouge.json');
const TYPES = ['rouge1', 'rouge2', 'rougeL', 'rougeLsum'];

function expectScore(actual: RougeScore, [p, r, f]: Triple, digits = 12) {
  expect(actual.precision).toBeCloseTo(p, digits);
  expect(actual.recall).toBeCloseTo(r, digits);
  expect(actual.fmeasure).toBeCloseTo(f, digits);
}

describe("rouge matches Google's rouge-score", () => {
  it.each(fx.published)('published: $type of $prediction', (c) => {
    expectScore(scorePair(c.target, c.prediction, [c.type])[c.type]!, c.score, 4);
  });

  it.each(fx.cases.map((c, i) => ({ ...c, i })))('pair $i', (c) => {
    const result = rouge.compute([c.prediction], [c.target]);
    for (const t of TYPES) expectScore(result[t]!, c.scores[t]!);
  });

  it.each(fx.multi.map((c, i) => ({ ...c, i })))('several references $i (best F-measure)', (c) => {
    const result = rouge.compute([c.prediction], [c.targets]);
    for (const t of TYPES) expectScore(result[t]!, c.scores[t]!);
  });

  it('averages each number over the corpus', () => {
    const result = rouge.compute(
      fx.cases.map((c) => c.prediction),
      fx.cases.map((c) => c.target),
    );
    for (const t of TYPES) {
      const mean = (k: number) =>
        fx.cases.reduce((a, c) => a + c.scores[t]![k]!, 0) / fx.cases.length;
      expectScore(result[t]!, [mean(0), mean(1), mean(2)]);
    }
  });
});

describe('rouge tokenizer, properties and errors', () => {
  it('lowercases and breaks on everything outside a-z 0-9', () => {
    expect(rougeTokenize("Don't STOP: café-1990s!")).toEqual(['don', 't', 'stop', 'caf', '1990s']);
  });

  it('scores identical text 1 and streams like the one-shot', () => {
    const text = fc
      .array(fc.constantFrom('a', 'b', 'c', 'd', '\n'), { minLength: 1, maxLength: 12 })
      .map((w) => `x y ${w.join(' ')}`);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 5 }),
        fc.nat(5),
        (pairs, cut) => {
          const preds = pairs.map((p) => p[0]);
          const refs = pairs.map((p) => p[1]);
          for (const s of Object.values(rouge.compute(preds, preds)))
            expect(s.fmeasure).toBeCloseTo(1, 12);
          const acc = rouge.create();
          acc.add(preds.slice(0, cut), refs.slice(0, cut)).add(preds.slice(cut), refs.slice(cut));
          const once = rouge.compute(preds, refs);
          for (const t of TYPES)
            expect(acc.compute()[t]!.fmeasure).toBeCloseTo(once[t]!.fmeasure, 12);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('refuses bad rouge types, mismatched lengths and no examples', () => {
    expect(() => rouge.create({ rougeTypes: ['rouge0'] })).toThrow(/invalid rouge type "rouge0"/);
    expect(() => rouge.create({ rougeTypes: ['rougeW'] })).toThrow(/invalid rouge type/);
    expect(() => rouge.compute(['a'], ['a', 'b'])).toThrow(/1 predictions but 2 references/);
    expect(() => rouge.compute([], [])).toThrow(/no examples/);
  });
});
