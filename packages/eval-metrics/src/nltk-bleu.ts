/**
 * Corpus BLEU on pre-tokenised text, exactly as NLTK 3.8's `corpus_bleu` — weights, its
 * smoothing methods 0–7 (Chen & Cherry 2014) and its quirks kept: a hypothesis shorter
 * than n still adds 1 to the n-gram denominator, orders with zero precision are skipped
 * after smoothing, `method0` turns a zero into the smallest normal double (so the score is
 * tiny, not 0), `method5` / `method6` look at the last sentence pair only and may exceed
 * 1. Score 0–1 (0 when no unigram matches).
 *
 *   import { nltkBleu } from '@llm/eval-metrics';
 *   const hyp = 'he read the book because he was interested in world history'.split(' ');
 *   const ref = 'he was interested in world history because he read the book'.split(' ');
 *   nltkBleu.compute([hyp], [[ref]], { smoothing: 'method1' });    // 0.7400…
 *
 * A prediction is a token list; a reference is a list of token lists (several references).
 * From `llm eval`, strings are split on whitespace, and a list of strings is several references.
 */
import { defineMetric, describe, MetricError, oneOf } from './metric.js';
import { ngramCounts, splitWhitespace } from './text.js';

export type NltkSmoothing =
  | 'method0'
  | 'method1'
  | 'method2'
  | 'method3'
  | 'method4'
  | 'method5'
  | 'method6'
  | 'method7';

export interface NltkBleuOptions {
  /** Weights of the 1..N-gram log precisions. Default [0.25, 0.25, 0.25, 0.25]. */
  weights: number[];
  /** `SmoothingFunction().methodK`. Default `method0` (none). */
  smoothing: NltkSmoothing;
  /** SmoothingFunction's epsilon (method1), alpha (method6) and k (method4, method7). */
  epsilon: number;
  alpha: number;
  k: number;
}

type Tokens = readonly string[];

/** The smallest positive normal double: Python's sys.float_info.min. */
const FLOAT_MIN = 2.2250738585072014e-308;

export const nltkBleu = defineMetric({
  name: 'nltk-bleu',
  summary: "Corpus BLEU 0–1 on token lists, NLTK's corpus_bleu with smoothing methods 0–7.",
  reference: 'NLTK 3.8 nltk.translate.bleu_score.corpus_bleu',
  optionKeys: ['weights', 'smoothing', 'epsilon', 'alpha', 'k'],
  init(options: Partial<NltkBleuOptions>) {
    const weights = options.weights ?? [0.25, 0.25, 0.25, 0.25];
    if (!Array.isArray(weights) || weights.length === 0 || !weights.every(Number.isFinite)) {
      throw new MetricError("nltk-bleu: option 'weights' must be a non-empty list of numbers");
    }
    const methods = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => `method${i}` as NltkSmoothing);
    const number = (key: 'epsilon' | 'alpha' | 'k', fallback: number) => {
      const v = options[key] ?? fallback;
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new MetricError(`nltk-bleu: option '${key}' must be a number`);
      }
      return v;
    };
    return {
      weights,
      smoothing: oneOf('nltk-bleu', 'smoothing', options.smoothing, methods, 'method0'),
      epsilon: number('epsilon', 0.1),
      alpha: number('alpha', 5),
      k: number('k', 5),
      numerators: new Array<number>(weights.length).fill(0),
      denominators: new Array<number>(weights.length).fill(0),
      hypLengths: 0,
      refLengths: 0,
      // method5 and method6 read the last pair of the corpus loop (a variable NLTK leaks).
      last: { hypothesis: [] as Tokens, references: [] as readonly Tokens[] },
    };
  },
  addOne(state, hypothesis: Tokens, references: readonly Tokens[]) {
    if (references.length === 0)
      throw new MetricError('nltk-bleu: a hypothesis needs at least one reference');
    for (let n = 1; n <= state.weights.length; n++) {
      const [num, den] = modifiedPrecision(references, hypothesis, n);
      state.numerators[n - 1]! += num;
      state.denominators[n - 1]! += den;
    }
    state.hypLengths += hypothesis.length;
    state.refLengths += closestRefLength(references, hypothesis.length);
    state.last = { hypothesis, references };
  },
  finish(state): number {
    const { numerators: num, denominators: den, hypLengths, refLengths } = state;
    const bp = brevityPenalty(refLengths, hypLengths);
    if (num[0] === 0) return 0;
    const frac = num.map((n, i) => n / den[i]!);
    const { hypothesis, references } = state.last;
    const hypLen = hypLengths || hypothesis.length;
    let p: number[];
    switch (state.smoothing) {
      case 'method0':
        p = frac.map((v, i) => (num[i] !== 0 ? v : FLOAT_MIN));
        break;
      case 'method1':
        p = frac.map((v, i) => (num[i] === 0 ? (num[i]! + state.epsilon) / den[i]! : v));
        break;
      case 'method2':
        p = frac.map((v, i) => (i === 0 ? v : (num[i]! + 1) / (den[i]! + 1)));
        break;
      case 'method3':
        p = method3(num, den);
        break;
      case 'method4':
        p = method4(num, den, hypLen, state.k);
        break;
      case 'method5':
        p = method5(frac, references, hypothesis);
        break;
      case 'method6':
        p = method6(num, frac, hypothesis, state.alpha);
        break;
      case 'method7':
        p = method5(method4(num, den, hypLen, state.k), references, hypothesis);
        break;
    }
    let s = 0;
    for (let i = 0; i < state.weights.length; i++) {
      if (p[i]! > 0) s += state.weights[i]! * Math.log(p[i]!);
    }
    return bp * Math.exp(s);
  },
  parsePrediction(value: unknown): Tokens {
    if (typeof value === 'string') return splitWhitespace(value);
    if (isTokens(value)) return value;
    throw new MetricError(`expected a sentence or a list of tokens, got ${describe(value)}`);
  },
  parseReference(value: unknown): Tokens[] {
    if (typeof value === 'string') return [splitWhitespace(value)];
    if (Array.isArray(value) && value.length > 0) {
      if (value.every((v) => typeof v === 'string')) return value.map((v) => splitWhitespace(v));
      if (value.every(isTokens)) return value;
    }
    throw new MetricError(
      `expected a reference, a list of references, or a list of token lists, got ${describe(value)}`,
    );
  },
});

function isTokens(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** [clipped matches, max(1, hypothesis n-grams)] — NLTK's `modified_precision`. */
function modifiedPrecision(
  references: readonly Tokens[],
  hypothesis: Tokens,
  n: number,
): [number, number] {
  const counts = ngramCounts(hypothesis, n);
  const maxCounts = new Map<string, number>();
  for (const reference of references) {
    const refCounts = ngramCounts(reference, n);
    for (const g of counts.keys()) {
      maxCounts.set(g, Math.max(maxCounts.get(g) ?? 0, refCounts.get(g) ?? 0));
    }
  }
  let clipped = 0;
  let total = 0;
  for (const [g, c] of counts) {
    clipped += Math.min(c, maxCounts.get(g)!);
    total += c;
  }
  return [clipped, Math.max(1, total)];
}

/** The reference length closest to the hypothesis length, the shorter on a tie. */
function closestRefLength(references: readonly Tokens[], hypLen: number): number {
  let best = references[0]!.length;
  for (const r of references) {
    const d = Math.abs(r.length - hypLen);
    const bestD = Math.abs(best - hypLen);
    if (d < bestD || (d === bestD && r.length < best)) best = r.length;
  }
  return best;
}

function brevityPenalty(refLen: number, hypLen: number): number {
  if (hypLen > refLen) return 1;
  if (hypLen === 0) return 0;
  return Math.exp(1 - refLen / hypLen);
}

/** NIST geometric sequence: the k-th zero precision becomes 1 / (2^k · denominator). */
function method3(num: readonly number[], den: readonly number[]): number[] {
  let k = 1;
  return num.map((n, i) => {
    if (n !== 0) return n / den[i]!;
    return 1 / (2 ** k++ * den[i]!);
  });
}

/** Like method3, scaled by k / ln(corpus hypothesis length); skipped when that length is ≤ 1. */
function method4(
  num: readonly number[],
  den: readonly number[],
  hypLen: number,
  k: number,
): number[] {
  let inc = 1;
  return num.map((n, i) => {
    if (n === 0 && hypLen > 1) return 1 / ((2 ** inc++ * k) / Math.log(hypLen)) / den[i]!;
    return n / den[i]!;
  });
}

/** Average of neighbouring orders; the order past the last is the 5-gram precision of the last pair. */
function method5(
  p: readonly number[],
  references: readonly Tokens[],
  hypothesis: Tokens,
): number[] {
  const [n5, d5] = modifiedPrecision(references, hypothesis, 5);
  const plus1 = [...p, n5 / d5];
  const out = [...p];
  let previous = p[0]! + 1;
  for (let i = 0; i < p.length; i++) {
    out[i] = (previous + p[i]! + plus1[i + 1]!) / 3;
    previous = out[i]!;
  }
  return out;
}

/** Interpolates orders ≥ 3 from the two below; counts n-grams of the last hypothesis only. */
function method6(
  num: readonly number[],
  p: readonly number[],
  hypothesis: Tokens,
  alpha: number,
): number[] {
  if (p.length < 3) throw new MetricError('nltk-bleu: smoothing method6 needs at least 3 weights');
  if (p[2] === 0)
    throw new MetricError('nltk-bleu: smoothing method6 needs a non-zero trigram precision');
  const out = [...p];
  for (let i = 2; i < p.length; i++) {
    const pi0 = out[i - 2] === 0 ? 0 : out[i - 1]! ** 2 / out[i - 2]!;
    const l = Math.max(0, hypothesis.length - i);
    out[i] = (num[i]! + alpha * pi0) / (l + alpha);
  }
  return out;
}
