import { describe, expect, it } from 'vitest';
import { SENTIMENT_SOURCES, sentimentSentences, sentimentSplit } from './sentiment-split.js';

describe('sentimentSplit', () => {
  const { train, test } = sentimentSplit();

  it('is 2,400 train / 600 test, 800 / 200 from each source', () => {
    expect(train).toHaveLength(2400);
    expect(test).toHaveLength(600);
    for (const source of SENTIMENT_SOURCES) {
      expect(train.filter((s) => s.source === source)).toHaveLength(800);
      expect(test.filter((s) => s.source === source)).toHaveLength(200);
    }
  });

  it('test is every fifth sentence (index 4, 9, …) of each file, in file order', () => {
    for (const source of SENTIMENT_SOURCES) {
      const all = sentimentSentences(source);
      expect(all).toHaveLength(1000);
      const expected = all.filter((_, i) => i % 5 === 4).map((s) => s.text);
      expect(test.filter((s) => s.source === source).map((s) => s.text)).toEqual(expected);
    }
  });

  it('keeps both parts near balanced and labels in {0, 1}', () => {
    const positive = (xs: { label: number }[]) => xs.filter((s) => s.label === 1).length;
    expect(new Set([...train, ...test].map((s) => s.label))).toEqual(new Set([0, 1]));
    expect(positive(train) + positive(test)).toBe(1500);
    expect(Math.abs(positive(test) / test.length - 0.5)).toBeLessThan(0.05);
    expect(Math.abs(positive(train) / train.length - 0.5)).toBeLessThan(0.05);
  });

  it('puts every other sentence in train, once, in file order, and is the same on every call', () => {
    for (const source of SENTIMENT_SOURCES) {
      const rest = sentimentSentences(source).filter((_, i) => i % 5 !== 4);
      expect(train.filter((s) => s.source === source)).toEqual(rest);
    }
    expect(sentimentSplit()).toEqual({ train, test });
  });
});
