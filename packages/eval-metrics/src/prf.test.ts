import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixture } from '../test/fixtures.js';
import { f1 } from './f1.js';
import type { Label } from './label-counts.js';
import { precision } from './precision.js';
import type { PrfOptions, PrfValue } from './prf.js';
import { recall } from './recall.js';

interface PrfEntry {
  average: PrfOptions['average'];
  zeroDivision: PrfOptions['zeroDivision'];
  precision: PrfValue;
  recall: PrfValue;
  f1: PrfValue;
}
interface Sklearn {
  cases: { name: string; yTrue: Label[]; yPred: Label[]; prf: PrfEntry[] }[];
  labelsCases: { name: string; yTrue: Label[]; yPred: Label[]; labels: Label[]; prf: PrfEntry[] }[];
  posLabelCases: {
    yTrue: Label[];
    yPred: Label[];
    posLabel: Label;
    precision: number;
    recall: number;
    f1: number;
  }[];
  errors: { yTrue: Label[]; yPred: Label[]; options: { average: 'binary' }; error: string }[];
}
const sk = fixture<Sklearn>('sklearn.json');
const metrics = { precision, recall, f1 } as const;

function expectClose(actual: PrfValue, expected: PrfValue) {
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual)).toBe(true);
    expect((actual as number[]).length).toBe(expected.length);
    for (const [i, e] of expected.entries()) expect((actual as number[])[i]).toBeCloseTo(e, 12);
  } else {
    expect(actual).toBeCloseTo(expected, 12);
  }
}

describe('precision / recall / f1 match scikit-learn', () => {
  for (const c of [...sk.cases, ...sk.labelsCases]) {
    it(c.name, () => {
      const labels: { labels?: Label[] } = 'labels' in c ? { labels: c.labels as Label[] } : {};
      for (const e of c.prf) {
        for (const key of ['precision', 'recall', 'f1'] as const) {
          const options = { average: e.average, zeroDivision: e.zeroDivision, ...labels };
          expectClose(metrics[key].compute(c.yPred, c.yTrue, options), e[key]);
        }
      }
    });
  }

  it('honours posLabel in binary mode', () => {
    for (const c of sk.posLabelCases) {
      for (const key of ['precision', 'recall', 'f1'] as const) {
        expect(metrics[key].compute(c.yPred, c.yTrue, { posLabel: c.posLabel })).toBeCloseTo(
          c[key],
          12,
        );
      }
    }
  });

  it('refuses what scikit-learn refuses', () => {
    for (const c of sk.errors) {
      const wanted = c.error.startsWith('Target is multiclass') ? /multiclass/ : /posLabel=1/;
      expect(() => f1.compute(c.yPred, c.yTrue, c.options)).toThrow(wanted);
    }
    expect(() => f1.compute([0, 'a'], [0, 'a'], { average: 'macro' })).toThrow(/mix/);
  });
});

describe('precision / recall / f1 options and inputs', () => {
  it('names both lengths when predictions and references differ', () => {
    expect(() => f1.compute([0, 1], [0])).toThrow(/2 predictions but 1 references/);
  });

  it('refuses unknown options and values', () => {
    expect(() => f1.create({ avg: 'macro' } as never)).toThrow(/unknown option 'avg'.*average/);
    expect(() => f1.create({ average: 'samples' } as never)).toThrow(/'average' must be one of/);
    expect(() => recall.create({ zeroDivision: 2 } as never)).toThrow(/zeroDivision/);
  });

  it('throws on no examples rather than returning NaN', () => {
    expect(() => precision.create().compute()).toThrow(/no examples/);
  });

  const labelled = fc
    .integer({ min: 1, max: 40 })
    .chain((n) =>
      fc.tuple(
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: n, maxLength: n }),
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: n, maxLength: n }),
      ),
    );

  it('streams: batches in any split give the one-shot value', () => {
    fc.assert(
      fc.property(labelled, fc.integer({ min: 0, max: 40 }), ([p, t], cut) => {
        const k = Math.min(cut, p.length);
        for (const average of ['micro', 'macro', 'weighted'] as const) {
          const acc = f1.create({ average });
          acc.add(p.slice(0, k), t.slice(0, k)).add(p.slice(k), t.slice(k));
          expect(acc.compute()).toBe(f1.compute(p, t, { average }));
        }
      }),
      { numRuns: 50 },
    );
  });

  it('swapping predictions and references swaps precision and recall, keeps F1', () => {
    fc.assert(
      fc.property(labelled, ([p, t]) => {
        for (const average of ['micro', 'macro'] as const) {
          expect(precision.compute(p, t, { average })).toBeCloseTo(
            recall.compute(t, p, { average }) as number,
            12,
          );
          expect(f1.compute(p, t, { average })).toBeCloseTo(
            f1.compute(t, p, { average }) as number,
            12,
          );
        }
      }),
      { numRuns: 50 },
    );
  });

  it('micro F1 equals accuracy for single-label multiclass', () => {
    fc.assert(
      fc.property(labelled, ([p, t]) => {
        const correct = p.filter((x, i) => x === t[i]).length;
        expect(f1.compute(p, t, { average: 'micro' })).toBeCloseTo(correct / p.length, 12);
      }),
      { numRuns: 50 },
    );
  });
});
