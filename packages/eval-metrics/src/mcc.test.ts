import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixture } from '../test/fixtures.js';
import type { Label } from './label-counts.js';
import { mcc } from './mcc.js';

const sk = fixture<{ cases: { name: string; yTrue: Label[]; yPred: Label[]; mcc: number }[] }>(
  'sklearn.json',
);

describe('Matthews correlation coefficient', () => {
  it.each(sk.cases)('matches scikit-learn: $name', (c) => {
    expect(mcc.compute(c.yPred, c.yTrue)).toBeCloseTo(c.mcc, 12);
  });

  it('is symmetric in predictions and references, and within [-1, 1]', () => {
    const pairs = fc
      .integer({ min: 1, max: 30 })
      .chain((n) =>
        fc.tuple(
          fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }),
          fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }),
        ),
      );
    fc.assert(
      fc.property(pairs, ([p, t]) => {
        const value = mcc.compute(p, t);
        expect(value).toBeCloseTo(mcc.compute(t, p), 12);
        expect(Math.abs(value)).toBeLessThanOrEqual(1 + 1e-12);
      }),
      { numRuns: 50 },
    );
  });
});
