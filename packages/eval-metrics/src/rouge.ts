/**
 * ROUGE-N, ROUGE-L and ROUGE-Lsum (precision, recall, F-measure) as Google's `rouge-score`
 * computes them for one pair: its default tokenizer (lowercase, every run of characters
 * outside a–z 0–9 is a break), n-gram overlap, LCS, and the summary-level union LCS over
 * newline-separated sentences for Lsum. Several references: per type, the one with the
 * highest F-measure (`score_multi`). The corpus value is the mean over examples of each
 * number. No Porter stemmer yet (`use_stemmer=False`, rouge-score's default).
 *
 *   import { rouge } from '@llm/eval-metrics';
 *   rouge.compute(['testing one'], ['testing one two']).rouge2;
 *   // { precision: 1, recall: 0.5, fmeasure: 0.666… }
 *   rouge.compute(['a b\nc'], [['x', 'a b c']], { rougeTypes: ['rougeLsum'] });
 */
import { defineMetric, MetricError, parseString, parseStrings } from './metric.js';
import { ngramCounts } from './text.js';

export interface RougeScore {
  precision: number;
  recall: number;
  fmeasure: number;
}

export interface RougeOptions {
  /** Any of `rouge1`…`rouge9`, `rougeL`, `rougeLsum`. Default all of rouge1, rouge2, rougeL, rougeLsum. */
  rougeTypes: string[];
}

const DEFAULT_TYPES = ['rouge1', 'rouge2', 'rougeL', 'rougeLsum'];

export const rouge = defineMetric({
  name: 'rouge',
  summary: 'ROUGE-1/2/L/Lsum precision, recall, F-measure 0–1, mean over examples (rouge-score).',
  reference: "Google's rouge-score RougeScorer (default tokenizer, no stemmer)",
  optionKeys: ['rougeTypes'],
  init(options: Partial<RougeOptions>) {
    const types = options.rougeTypes ?? DEFAULT_TYPES;
    if (!Array.isArray(types) || types.length === 0) {
      throw new MetricError("rouge: option 'rougeTypes' must be a non-empty list");
    }
    for (const t of types) {
      if (typeof t !== 'string' || !/^rouge([1-9]|L|Lsum)$/.test(t)) {
        throw new MetricError(
          `rouge: invalid rouge type ${JSON.stringify(t)} (rouge1…rouge9, rougeL, rougeLsum)`,
        );
      }
    }
    const sums: Record<string, RougeScore> = {};
    for (const t of types) sums[t] = { precision: 0, recall: 0, fmeasure: 0 };
    return { types, sums, n: 0 };
  },
  addOne(state, prediction: string, references: string | readonly string[]) {
    const refs = typeof references === 'string' ? [references] : references;
    if (refs.length === 0)
      throw new MetricError('rouge: a prediction needs at least one reference');
    const perRef = refs.map((r) => scorePair(r, prediction, state.types));
    for (const t of state.types) {
      // np.argmax: the first reference with the highest F-measure.
      let best = perRef[0]![t]!;
      for (const s of perRef) if (s[t]!.fmeasure > best.fmeasure) best = s[t]!;
      const sum = state.sums[t]!;
      sum.precision += best.precision;
      sum.recall += best.recall;
      sum.fmeasure += best.fmeasure;
    }
    state.n++;
  },
  finish(state): Record<string, RougeScore> {
    const out: Record<string, RougeScore> = {};
    for (const t of state.types) {
      const s = state.sums[t]!;
      out[t] = {
        precision: s.precision / state.n,
        recall: s.recall / state.n,
        fmeasure: s.fmeasure / state.n,
      };
    }
    return out;
  },
  parsePrediction: parseString,
  parseReference: parseStrings,
});

/** rouge-score's `tokenize` without a stemmer. */
export function rougeTokenize(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .split(/\s+/)
    .filter((t) => /^[a-z0-9]+$/.test(t));
}

/** `RougeScorer(types).score(target, prediction)`. */
export function scorePair(
  target: string,
  prediction: string,
  types: readonly string[],
): Record<string, RougeScore> {
  const targetTokens = rougeTokenize(target);
  const predictionTokens = rougeTokenize(prediction);
  const result: Record<string, RougeScore> = {};
  for (const t of types) {
    if (t === 'rougeL') result[t] = scoreLcs(targetTokens, predictionTokens);
    else if (t === 'rougeLsum')
      result[t] = summaryLevelLcs(sentences(target), sentences(prediction));
    else result[t] = scoreNgrams(targetTokens, predictionTokens, Number(t.slice(5)));
  }
  return result;
}

function sentences(text: string): string[][] {
  return text
    .split('\n')
    .filter((s) => s.length > 0)
    .map(rougeTokenize);
}

function fmeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

function score(precision: number, recall: number): RougeScore {
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

function scoreNgrams(target: string[], prediction: string[], n: number): RougeScore {
  const t = ngramCounts(target, n);
  const p = ngramCounts(prediction, n);
  let overlap = 0;
  let tCount = 0;
  let pCount = 0;
  for (const [g, c] of t) {
    overlap += Math.min(c, p.get(g) ?? 0);
    tCount += c;
  }
  for (const c of p.values()) pCount += c;
  return score(overlap / Math.max(pCount, 1), overlap / Math.max(tCount, 1));
}

/** LCS lengths: table[i][j] for ref[:i] and can[:j]. */
function lcsTable(ref: readonly string[], can: readonly string[]): Int32Array[] {
  const table = Array.from({ length: ref.length + 1 }, () => new Int32Array(can.length + 1));
  for (let i = 1; i <= ref.length; i++) {
    for (let j = 1; j <= can.length; j++) {
      table[i]![j] =
        ref[i - 1] === can[j - 1]
          ? table[i - 1]![j - 1]! + 1
          : Math.max(table[i - 1]![j]!, table[i]![j - 1]!);
    }
  }
  return table;
}

function scoreLcs(target: string[], prediction: string[]): RougeScore {
  if (target.length === 0 || prediction.length === 0) return score(0, 0);
  const lcs = lcsTable(target, prediction)[target.length]![prediction.length]!;
  return score(lcs / prediction.length, lcs / target.length);
}

/** Indices into `ref` of one LCS, read back as rouge-score does (ties move up, not left). */
function lcsIndices(ref: readonly string[], can: readonly string[]): number[] {
  const t = lcsTable(ref, can);
  let i = ref.length;
  let j = can.length;
  const out: number[] = [];
  while (i > 0 && j > 0) {
    if (ref[i - 1] === can[j - 1]) {
      out.unshift(i - 1);
      i--;
      j--;
    } else if (t[i]![j - 1]! > t[i - 1]![j]!) j--;
    else i--;
  }
  return out;
}

/** Summary-level LCS (ROUGE paper §3.2), each token counted at most as often as it occurs. */
function summaryLevelLcs(refSents: string[][], canSents: string[][]): RougeScore {
  if (refSents.length === 0 || canSents.length === 0) return score(0, 0);
  const m = refSents.reduce((a, s) => a + s.length, 0);
  const n = canSents.reduce((a, s) => a + s.length, 0);
  if (m === 0 || n === 0) return score(0, 0);
  const countsR = tokenCounts(refSents);
  const countsC = tokenCounts(canSents);
  let hits = 0;
  for (const r of refSents) {
    const union = new Set<number>();
    for (const c of canSents) for (const k of lcsIndices(r, c)) union.add(k);
    for (const k of [...union].sort((a, b) => a - b)) {
      const token = r[k]!;
      if ((countsC.get(token) ?? 0) > 0 && (countsR.get(token) ?? 0) > 0) {
        hits++;
        countsC.set(token, countsC.get(token)! - 1);
        countsR.set(token, countsR.get(token)! - 1);
      }
    }
  }
  return score(hits / n, hits / m);
}

function tokenCounts(sents: string[][]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of sents) for (const t of s) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}
