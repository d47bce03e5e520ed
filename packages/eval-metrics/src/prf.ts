/**
 * Precision, recall and F1 from label counts, exactly as scikit-learn 1.2's
 * `precision_recall_fscore_support` (beta = 1): averaging, `labels`, `pos_label` and
 * `zero_division` included. The metrics `precision`, `recall` and `f1` each report one of them.
 *
 *   const counts = new LabelCounts();
 *   for (const [t, p] of [[0, 0], [1, 1], [2, 1]] as const) counts.add(t, p);
 *   prfFromCounts('f1', counts, { average: 'macro', zeroDivision: 0 }).f1;   // 0.555…
 */
import { type Label, LabelCounts, parseLabel, sortLabels } from './label-counts.js';
import { defineMetric, type Metric, MetricError, oneOf } from './metric.js';

export type Average = 'binary' | 'micro' | 'macro' | 'weighted' | 'none';

/** What a 0/0 becomes. `'warn'` is scikit-learn's default: 0 (we do not print the warning). */
export type ZeroDivision = 0 | 1 | 'warn';

export interface PrfOptions {
  /** `'binary'` (the default, as in scikit-learn) reports `posLabel` only; `'none'` one score per label. */
  average: Average;
  /** The positive class for `average: 'binary'`. Default 1. */
  posLabel: Label;
  /** Which labels to score and in what order; default every label seen, sorted. */
  labels: Label[];
  /** Value of a precision (no predictions) or recall (no true instances) that divides by zero. Default 'warn' (= 0). */
  zeroDivision: ZeroDivision;
}

export const prfOptionKeys = ['average', 'posLabel', 'labels', 'zeroDivision'] as const;

/** A score, or with `average: 'none'` one score per label (in the order of `labels`). */
export type PrfValue = number | number[];

export interface PrfResult {
  precision: PrfValue;
  recall: PrfValue;
  f1: PrfValue;
}

/** Validated options, ready for `prfFromCounts`. */
export function prfOptions(name: string, options: Partial<PrfOptions>): Partial<PrfOptions> {
  oneOf(
    name,
    'average',
    options.average,
    ['binary', 'micro', 'macro', 'weighted', 'none'],
    'binary',
  );
  oneOf(name, 'zeroDivision', options.zeroDivision, [0, 1, 'warn'], 'warn');
  if (options.labels !== undefined) {
    const ok = Array.isArray(options.labels) && options.labels.length > 0;
    if (!ok || !options.labels.every((l) => typeof l === 'string' || typeof l === 'number')) {
      throw new MetricError(`${name}: option 'labels' must be a non-empty list of labels`);
    }
  }
  const pos = options.posLabel;
  if (pos !== undefined && typeof pos !== 'string' && typeof pos !== 'number') {
    throw new MetricError(`${name}: option 'posLabel' must be a string or a number`);
  }
  return options;
}

export function prfFromCounts(
  name: string,
  counts: LabelCounts,
  options: Partial<PrfOptions>,
): PrfResult {
  const average = options.average ?? 'binary';
  const zeroValue = options.zeroDivision === 1 ? 1 : 0;
  const present = counts.labels();
  let labels: Label[];
  if (average === 'binary') {
    // scikit-learn: binary means at most two distinct labels over both columns.
    if (present.length > 2) {
      throw new MetricError(
        `${name}: target is multiclass but average='binary'; choose one of 'micro', 'macro', 'weighted', 'none'`,
      );
    }
    const pos = options.posLabel ?? 1;
    if (!present.includes(pos) && present.length >= 2) {
      throw new MetricError(
        `${name}: posLabel=${JSON.stringify(pos)} is not a valid label; it should be one of ${JSON.stringify(present)}`,
      );
    }
    labels = [pos];
  } else {
    labels = options.labels ?? present;
    if (options.labels) sortLabels([...options.labels]); // refuse a mix of strings and numbers
  }

  let { tp, predSum, trueSum } = counts.perLabel(labels);
  if (average === 'micro') {
    tp = [sum(tp)];
    predSum = [sum(predSum)];
    trueSum = [sum(trueSum)];
  }
  const divide = (num: number[], den: number[]) =>
    num.map((n, i) => (den[i] === 0 ? zeroValue : n / den[i]!));
  const precision = divide(tp, predSum);
  const recall = divide(tp, trueSum);
  // F1 is 0 where precision + recall is 0, whatever zero_division says (scikit-learn 1.2).
  const f1 = precision.map((p, i) => {
    const r = recall[i]!;
    return p + r === 0 ? 0 : (2 * p * r) / (p + r);
  });

  if (average === 'none') return { precision, recall, f1 };
  if (average === 'weighted') {
    const weight = sum(trueSum);
    if (weight === 0) {
      // No true instance of any scored label: scikit-learn's special case.
      const noPredictions = sum(predSum) === 0;
      return {
        precision: noPredictions ? zeroValue : 0,
        recall: zeroValue,
        f1: noPredictions ? zeroValue : 0,
      };
    }
    const weighted = (values: number[]) =>
      values.reduce((acc, v, i) => acc + v * trueSum[i]!, 0) / weight;
    return { precision: weighted(precision), recall: weighted(recall), f1: weighted(f1) };
  }
  const mean = (values: number[]) => sum(values) / values.length;
  return { precision: mean(precision), recall: mean(recall), f1: mean(f1) };
}

function sum(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

/** The metric that reports one of precision / recall / F1; `precision.ts` and friends are one line each. */
export function prfMetric(
  key: keyof PrfResult,
  summary: string,
  reference: string,
): Metric<Label, Label, Partial<PrfOptions>, PrfValue> {
  return defineMetric({
    name: key,
    summary,
    reference,
    optionKeys: prfOptionKeys,
    init: (options: Partial<PrfOptions>) => ({
      counts: new LabelCounts(),
      options: prfOptions(key, options),
    }),
    addOne: (state, prediction: Label, reference: Label) => state.counts.add(reference, prediction),
    finish: (state) => prfFromCounts(key, state.counts, state.options)[key],
    parsePrediction: parseLabel,
    parseReference: parseLabel,
  });
}
