import { describe, expect, it } from 'vitest';
import { fixture } from '../test/fixtures.js';
import { confusionMatrix } from './confusion-matrix.js';
import type { Label } from './label-counts.js';

interface Sklearn {
  cases: {
    name: string;
    yTrue: Label[];
    yPred: Label[];
    confusionMatrix: { labels: Label[]; matrix: number[][] };
  }[];
  labelsCases: {
    name: string;
    yTrue: Label[];
    yPred: Label[];
    labels: Label[];
    confusionMatrix: number[][];
  }[];
}
const sk = fixture<Sklearn>('sklearn.json');

describe('confusion matrix', () => {
  it.each(sk.cases)('matches scikit-learn: $name', (c) => {
    expect(confusionMatrix.compute(c.yPred, c.yTrue)).toEqual(c.confusionMatrix);
  });

  it.each(sk.labelsCases)('matches scikit-learn with labels: $name', (c) => {
    const result = confusionMatrix.compute(c.yPred, c.yTrue, { labels: c.labels });
    expect(result.labels).toEqual(c.labels);
    expect(result.matrix).toEqual(c.confusionMatrix);
  });

  it('refuses an empty labels list', () => {
    expect(() => confusionMatrix.create({ labels: [] })).toThrow(/labels/);
  });
});
