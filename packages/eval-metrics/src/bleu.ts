/**
 * Corpus BLEU as SacreBLEU 2.x computes it: detokenised strings in, its `13a` tokenizer
 * (mteval-v13a, the WMT standard) or `none`, n-grams up to 4, clipped counts against
 * several references, brevity penalty from the closest reference length, and the four
 * smoothing methods `exp` (default), `floor`, `add-k`, `none`. Score 0–100.
 *
 *   import { bleu } from '@llm/eval-metrics';
 *   bleu.compute(['The dog bit the man.'], [['The dog bit the man.', 'A dog bit a man.']]).score;  // 100
 *   bleu.compute(['the cat sat'], ['the cat sat down'], { effectiveOrder: true }).score;  // 71.65…
 *
 * A reference is one string or a list of strings (several references for that segment).
 */
import {
  booleanOption,
  defineMetric,
  MetricError,
  oneOf,
  parseString,
  parseStrings,
  positiveInteger,
} from './metric.js';
import { ngramCounts, rstrip, splitWhitespace } from './text.js';

export type BleuTokenize = '13a' | 'none';
export type BleuSmoothMethod = 'exp' | 'floor' | 'add-k' | 'none';

export interface BleuOptions {
  /** `13a` (default): mteval-v13a punctuation splitting; `none`: split on whitespace only. */
  tokenize: BleuTokenize;
  /** Lowercase hypotheses and references first. Default false. */
  lowercase: boolean;
  /** Default `exp` (NIST geometric sequence, SacreBLEU's default). */
  smoothMethod: BleuSmoothMethod;
  /** For `floor` (default 0.1) and `add-k` (default 1). */
  smoothValue: number;
  /** Highest n-gram order. Default 4. */
  maxNgramOrder: number;
  /** Stop at the highest order with any n-grams (for sentence-level BLEU). Default false. */
  effectiveOrder: boolean;
}

export interface BleuResult {
  /** BLEU, 0–100. */
  score: number;
  /** Matched n-grams per order. */
  counts: number[];
  /** Hypothesis n-grams per order. */
  totals: number[];
  /** Per-order precisions, 0–100, after smoothing. */
  precisions: number[];
  /** Brevity penalty. */
  bp: number;
  sysLen: number;
  refLen: number;
}

const SMOOTH_DEFAULTS: Record<BleuSmoothMethod, number> = {
  exp: 0,
  floor: 0.1,
  'add-k': 1,
  none: 0,
};

export const bleu = defineMetric({
  name: 'bleu',
  summary: 'Corpus BLEU 0–100 on detokenised text (SacreBLEU: 13a / none tokenizer, smoothing).',
  reference: 'SacreBLEU 2.x corpus_bleu',
  optionKeys: [
    'tokenize',
    'lowercase',
    'smoothMethod',
    'smoothValue',
    'maxNgramOrder',
    'effectiveOrder',
  ],
  init(options: Partial<BleuOptions>) {
    const smoothMethod = oneOf(
      'bleu',
      'smoothMethod',
      options.smoothMethod,
      ['exp', 'floor', 'add-k', 'none'] as const,
      'exp',
    );
    const smoothValue = options.smoothValue ?? SMOOTH_DEFAULTS[smoothMethod];
    if (typeof smoothValue !== 'number' || !Number.isFinite(smoothValue) || smoothValue < 0) {
      throw new MetricError(`bleu: option 'smoothValue' must be a number ≥ 0`);
    }
    const order = positiveInteger('bleu', 'maxNgramOrder', options.maxNgramOrder, 4);
    return {
      tokenize: oneOf('bleu', 'tokenize', options.tokenize, ['13a', 'none'] as const, '13a'),
      lowercase: booleanOption('bleu', 'lowercase', options.lowercase, false),
      smoothMethod,
      smoothValue,
      order,
      effectiveOrder: booleanOption('bleu', 'effectiveOrder', options.effectiveOrder, false),
      sysLen: 0,
      refLen: 0,
      correct: new Array<number>(order).fill(0),
      total: new Array<number>(order).fill(0),
    };
  },
  addOne(state, hypothesis: string, references: string | readonly string[]) {
    const refs = typeof references === 'string' ? [references] : references;
    if (refs.length === 0) throw new MetricError('bleu: a segment needs at least one reference');
    const prep = (s: string) => {
      const text = state.lowercase ? s.toLowerCase() : s;
      return splitWhitespace(state.tokenize === '13a' ? tokenize13a(rstrip(text)) : rstrip(text));
    };
    const hyp = prep(hypothesis);
    const refTokens = refs.map(prep);
    state.sysLen += hyp.length;
    state.refLen += closestRefLength(
      hyp.length,
      refTokens.map((r) => r.length),
    );
    for (let n = 1; n <= state.order; n++) {
      // Clip by the maximum count of each n-gram over the references.
      const maxRef = new Map<string, number>();
      for (const ref of refTokens) {
        for (const [g, c] of ngramCounts(ref, n)) maxRef.set(g, Math.max(maxRef.get(g) ?? 0, c));
      }
      for (const [g, c] of ngramCounts(hyp, n)) {
        state.total[n - 1]! += c;
        state.correct[n - 1]! += Math.min(c, maxRef.get(g) ?? 0);
      }
    }
  },
  finish: (state): BleuResult =>
    computeBleu(state.correct, state.total, state.sysLen, state.refLen, state),
  parsePrediction: parseString,
  parseReference: parseStrings,
});

/** SacreBLEU's `BLEU.compute_bleu` from sufficient statistics. */
export function computeBleu(
  correctIn: readonly number[],
  totalIn: readonly number[],
  sysLen: number,
  refLen: number,
  options: { smoothMethod: BleuSmoothMethod; smoothValue: number; effectiveOrder: boolean },
): BleuResult {
  const order = correctIn.length;
  const correct = [...correctIn];
  const total = [...totalIn];
  let bp = 1;
  if (sysLen < refLen) bp = sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0;
  const precisions = new Array<number>(order).fill(0);
  // SacreBLEU reports the counts after add-k smoothing has added k to them (orders ≥ 2).
  const result = (score: number): BleuResult => ({
    score,
    counts: correct,
    totals: total,
    precisions,
    bp,
    sysLen,
    refLen,
  });
  // No match at any order: 0 whatever the smoothing (SacreBLEU #141).
  if (!correct.some((c) => c !== 0)) return result(0);

  let smoothMteval = 1;
  let effOrder = order;
  for (let n = 1; n <= order; n++) {
    if (options.smoothMethod === 'add-k' && n > 1) {
      correct[n - 1]! += options.smoothValue;
      total[n - 1]! += options.smoothValue;
    }
    if (total[n - 1] === 0) break;
    if (options.effectiveOrder) effOrder = n;
    if (correct[n - 1] === 0) {
      if (options.smoothMethod === 'exp') {
        smoothMteval *= 2;
        precisions[n - 1] = 100 / (smoothMteval * total[n - 1]!);
      } else if (options.smoothMethod === 'floor') {
        precisions[n - 1] = (100 * options.smoothValue) / total[n - 1]!;
      }
    } else {
      precisions[n - 1] = (100 * correct[n - 1]!) / total[n - 1]!;
    }
  }
  let logSum = 0;
  for (const p of precisions.slice(0, effOrder)) logSum += p === 0 ? -9999999999 : Math.log(p);
  return result(bp * Math.exp(logSum / effOrder));
}

/** The shortest reference among those closest in length to the hypothesis. */
function closestRefLength(hypLen: number, refLens: readonly number[]): number {
  let best = -1;
  let bestDiff = -1;
  for (const len of refLens) {
    const diff = Math.abs(hypLen - len);
    if (bestDiff === -1 || diff < bestDiff || (diff === bestDiff && len < best)) {
      bestDiff = diff;
      best = len;
    }
  }
  return best;
}

/**
 * The mteval-v13a tokenizer as SacreBLEU applies it: unescape a few entities, split off
 * punctuation and symbols, split periods / commas not inside numbers, dashes after digits.
 */
export function tokenize13a(line: string): string {
  let s = line.replaceAll('<skipped>', '').replaceAll('-\n', '').replaceAll('\n', ' ');
  if (s.includes('&')) {
    s = s
      .replaceAll('&quot;', '"')
      .replaceAll('&amp;', '&')
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>');
  }
  s = ` ${s} `;
  s = s.replace(/([{-~[-` -&(-+:-@/])/g, ' $1 ');
  s = s.replace(/([^0-9])([.,])/g, '$1 $2 ');
  s = s.replace(/([.,])([^0-9])/g, ' $1 $2');
  s = s.replace(/([0-9])(-)/g, '$1 $2 ');
  return splitWhitespace(s).join(' ');
}
