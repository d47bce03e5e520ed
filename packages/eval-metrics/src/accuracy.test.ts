import { describe, expect, it } from 'vitest';
import { fixture } from '../test/fixtures.js';
import { accuracy } from './accuracy.js';
import type { Label } from './label-counts.js';

const sk = fixture<{ cases: { name: string; yTrue: Label[]; yPred: Label[]; accuracy: number }[] }>(
  'sklearn.json',
);

describe('accuracy', () => {
  it.each(sk.cases)('matches scikit-learn: $name', (c) => {
    expect(accuracy.compute(c.yPred, c.yTrue)).toBeCloseTo(c.accuracy, 14);
  });

  it('streams across batches', () => {
    const acc = accuracy.create();
    acc.add([1, 2], [1, 1]).add([3], [3]);
    expect(acc.count).toBe(3);
    expect(acc.compute()).toBeCloseTo(2 / 3, 15);
  });

  it('treats 1 and "1" as different labels (no silent coercion in the API)', () => {
    expect(accuracy.compute([1], ['1'])).toBe(0);
  });

  it('reads canonical integer strings from input as numbers, other strings as-is', () => {
    expect(accuracy.parsePrediction('1')).toBe(1);
    expect(accuracy.parsePrediction('-3')).toBe(-3);
    expect(accuracy.parsePrediction('01')).toBe('01');
    expect(accuracy.parsePrediction('cat')).toBe('cat');
    expect(() => accuracy.parsePrediction({ a: 1 })).toThrow(/class label/);
  });

  it('throws on mismatched lengths and on no examples', () => {
    expect(() => accuracy.compute([1, 2, 3], [1])).toThrow(/3 predictions but 1 references/);
    expect(() => accuracy.compute([], [])).toThrow(/no examples/);
  });
});
