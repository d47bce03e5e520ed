/**
 * Matthews correlation coefficient, the multiclass form — as scikit-learn's
 * `matthews_corrcoef`: from the confusion matrix C,
 * (c·s − Σ p_k t_k) / sqrt((s² − Σ p_k²)(s² − Σ t_k²)), with c correct, s samples,
 * p_k / t_k the predicted / true counts of class k; 0 when a denominator factor is 0.
 *
 *   import { mcc } from '@llm/eval-metrics';
 *   mcc.compute([1, 1, 0, 0], [1, 0, 0, 0]);      // 0.577…
 *   mcc.compute([0, 0], [1, 1]);                  // 0 (undefined → 0, as scikit-learn)
 */
import { type Label, LabelCounts, parseLabel } from './label-counts.js';
import { defineMetric } from './metric.js';

export const mcc = defineMetric({
  name: 'mcc',
  summary: 'Matthews correlation coefficient, −1–1 (0 when undefined).',
  reference: 'scikit-learn matthews_corrcoef',
  optionKeys: [],
  init: (_options: Partial<Record<string, never>>) => new LabelCounts(),
  addOne: (counts, prediction: Label, reference: Label) => counts.add(reference, prediction),
  finish(counts) {
    const labels = counts.labels();
    const { tp, predSum, trueSum } = counts.perLabel(labels);
    const s = counts.total;
    let correct = 0;
    let pt = 0;
    let pp = 0;
    let tt = 0;
    for (let k = 0; k < labels.length; k++) {
      correct += tp[k]!;
      pt += predSum[k]! * trueSum[k]!;
      pp += predSum[k]! * predSum[k]!;
      tt += trueSum[k]! * trueSum[k]!;
    }
    const covYtYp = correct * s - pt;
    const covYpYp = s * s - pp;
    const covYtYt = s * s - tt;
    if (covYpYp * covYtYt === 0) return 0;
    return covYtYp / Math.sqrt(covYtYt * covYpYp);
  },
  parsePrediction: parseLabel,
  parseReference: parseLabel,
});
