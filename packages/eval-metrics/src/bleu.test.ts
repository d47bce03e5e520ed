import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixture } from '../test/fixtures.js';
import { type BleuOptions, bleu, computeBleu, tokenize13a } from './bleu.js';

interface Published {
  corpus: {
    source: string;
    hypotheses: string[];
    referenceStreams: string[][];
    options: Partial<BleuOptions>;
    score: number;
    tolerance: number;
  }[];
  statistics: {
    hypotheses: string[];
    references: string[][];
    options: Partial<BleuOptions>;
    counts: number[];
    totals: number[];
  };
  scoring: {
    source: string;
    correct: number[];
    total: number[];
    sysLen: number;
    refLen: number;
    smoothMethod: 'none' | 'floor';
    smoothValue: number;
    score: number;
  }[];
  sentence: {
    hypothesis: string;
    references: string[];
    options: Partial<BleuOptions>;
    score: number;
  }[];
}
interface Run {
  tokenize13a: { input: string; output: string }[];
  corpus: {
    hypotheses: string[];
    referenceStreams: string[][];
    options: Partial<BleuOptions>;
    score: number;
    counts: number[];
    totals: number[];
    precisions: number[];
    bp: number;
    sysLen: number;
    refLen: number;
  }[];
}
const published = fixture<Published>('sacrebleu.json');
const run = fixture<Run>('sacrebleu-run.json');

/** SacreBLEU takes reference streams (one list per reference); we take references per segment. */
const bySegment = (streams: string[][]) => streams[0]!.map((_, i) => streams.map((s) => s[i]!));

describe('bleu matches SacreBLEU', () => {
  it.each(published.corpus.map((c, i) => ({ ...c, i })))(
    'published corpus case $i ($source)',
    (c) => {
      const result = bleu.compute(c.hypotheses, bySegment(c.referenceStreams), c.options);
      expect(Math.abs(result.score - c.score)).toBeLessThan(c.tolerance);
    },
  );

  it('published sufficient statistics', () => {
    const s = published.statistics;
    const result = bleu.compute(s.hypotheses, bySegment(s.references), s.options);
    expect(result.counts).toEqual(s.counts);
    expect(result.totals).toEqual(s.totals);
  });

  it.each(published.scoring)('published scoring from statistics ($source)', (c) => {
    const r = computeBleu(c.correct, c.total, c.sysLen, c.refLen, {
      smoothMethod: c.smoothMethod,
      smoothValue: c.smoothValue,
      effectiveOrder: false,
    });
    expect(r.score).toBeCloseTo(c.score, 6);
  });

  it.each(published.sentence)(
    'published sentence BLEU $options.smoothMethod $options.tokenize',
    (c) => {
      const result = bleu.compute([c.hypothesis], [c.references], c.options);
      expect(Math.abs(result.score - c.score)).toBeLessThan(1e-3);
    },
  );

  it.each(run.tokenize13a)('13a tokenizes $input', ({ input, output }) => {
    expect(tokenize13a(input)).toBe(output);
  });

  it.each(run.corpus.map((c, i) => ({ ...c, i })))('SacreBLEU run, corpus $i $options', (c) => {
    const r = bleu.compute(c.hypotheses, bySegment(c.referenceStreams), c.options);
    expect(r.counts).toEqual(c.counts);
    expect(r.totals).toEqual(c.totals);
    expect(r.sysLen).toBe(c.sysLen);
    expect(r.refLen).toBe(c.refLen);
    expect(r.bp).toBeCloseTo(c.bp, 12);
    for (const [i, p] of c.precisions.entries()) expect(r.precisions[i]).toBeCloseTo(p, 10);
    expect(r.score).toBeCloseTo(c.score, 10);
  });
});

describe('bleu properties and errors', () => {
  const sentence = fc
    .array(fc.constantFrom('the', 'cat', 'sat', 'on', 'a', 'mat', '.', 'dog', ','), {
      minLength: 4,
      maxLength: 12,
    })
    .map((w) => w.join(' '));

  it('scores an identical corpus 100', () => {
    fc.assert(
      fc.property(fc.array(sentence, { minLength: 1, maxLength: 5 }), (corpus) => {
        expect(bleu.compute(corpus, corpus).score).toBeCloseTo(100, 10);
      }),
      { numRuns: 30 },
    );
  });

  it('streams: adding in batches gives the one-shot result', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(sentence, sentence), { minLength: 1, maxLength: 8 }),
        fc.nat(8),
        (pairs, cut) => {
          const hyps = pairs.map((p) => p[0]);
          const refs = pairs.map((p) => p[1]);
          const acc = bleu.create();
          acc.add(hyps.slice(0, cut), refs.slice(0, cut)).add(hyps.slice(cut), refs.slice(cut));
          expect(acc.compute()).toEqual(bleu.compute(hyps, refs));
        },
      ),
      { numRuns: 30 },
    );
  });

  it('refuses mismatched lengths, no examples and bad options', () => {
    expect(() => bleu.compute(['a', 'b'], ['a'])).toThrow(/2 predictions but 1 references/);
    expect(() => bleu.compute([], [])).toThrow(/no examples/);
    expect(() => bleu.create({ tokenize: 'intl' } as never)).toThrow(/'tokenize' must be one of/);
    expect(() => bleu.compute(['a'], [[]])).toThrow(/at least one reference/);
  });

  it('parses a reference line or a list of references', () => {
    expect(bleu.parseReference('a b')).toBe('a b');
    expect(bleu.parseReference(['a', 'b'])).toEqual(['a', 'b']);
    expect(() => bleu.parseReference([])).toThrow(/non-empty list/);
    expect(() => bleu.parsePrediction(3)).toThrow(/expected a string/);
  });
});
