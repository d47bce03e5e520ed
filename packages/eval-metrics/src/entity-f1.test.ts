import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixture } from '../test/fixtures.js';
import { type EntityF1Options, entityF1, getEntities } from './entity-f1.js';

interface Seqeval {
  cases: {
    name: string;
    yTrue: string[][];
    yPred: string[][];
    entities: [string, number, number][][];
    scores: (Pick<EntityF1Options, 'average' | 'zeroDivision'> & {
      precision: number;
      recall: number;
      f1: number;
    })[];
  }[];
  suffix: { yTrue: string[][]; yPred: string[][]; f1: number };
}
const sq = fixture<Seqeval>('seqeval.json');

describe('entity-f1 matches seqeval', () => {
  it.each(sq.cases)('$name', (c) => {
    expect([...c.yTrue, ...c.yPred].map((s) => getEntities(s))).toEqual(c.entities);
    for (const s of c.scores) {
      const r = entityF1.compute(c.yPred, c.yTrue, {
        average: s.average,
        zeroDivision: s.zeroDivision,
      });
      expect(r.precision).toBeCloseTo(s.precision, 12);
      expect(r.recall).toBeCloseTo(s.recall, 12);
      expect(r.f1).toBeCloseTo(s.f1, 12);
    }
  });

  it('reads suffix tags', () => {
    const s = sq.suffix;
    expect(entityF1.compute(s.yPred, s.yTrue, { suffix: true }).f1).toBeCloseTo(s.f1, 12);
  });
});

describe('entity-f1 properties and errors', () => {
  const sentence = fc.array(
    fc.constantFrom('O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC', 'E-LOC', 'S-ORG'),
    {
      minLength: 1,
      maxLength: 10,
    },
  );

  it('streams like the one-shot, and scores identical tags 1 when there are entities', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(sentence, sentence), { minLength: 1, maxLength: 5 }),
        fc.nat(5),
        (pairs, cut) => {
          const preds = pairs.map(([a, b]) => a.slice(0, Math.min(a.length, b.length)));
          const refs = pairs.map(([a, b]) => b.slice(0, Math.min(a.length, b.length)));
          const acc = entityF1.create({ average: 'macro' });
          acc.add(preds.slice(0, cut), refs.slice(0, cut)).add(preds.slice(cut), refs.slice(cut));
          expect(acc.compute()).toEqual(entityF1.compute(preds, refs, { average: 'macro' }));
          const hasEntity = refs.some((s) => getEntities(s).length > 0);
          expect(entityF1.compute(refs, refs).f1).toBe(hasEntity ? 1 : 0);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('names both lengths when a sentence has a different number of tags', () => {
    expect(() => entityF1.compute([['O']], [['O', 'B-PER']])).toThrow(
      /1 predicted tags but 2 reference tags/,
    );
    expect(() => entityF1.compute([['O']], [])).toThrow(/1 predictions but 0 references/);
    expect(() => entityF1.compute([], [])).toThrow(/no examples/);
  });

  it('parses a line of tags', () => {
    expect(entityF1.parsePrediction('B-PER I-PER  O')).toEqual(['B-PER', 'I-PER', 'O']);
    expect(() => entityF1.parseReference(3)).toThrow(/list of tags/);
  });
});
