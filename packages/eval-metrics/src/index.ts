/**
 * @llm/eval-metrics — evaluation metrics that match their reference implementations:
 * classification (scikit-learn), language-model perplexity and bits per byte, BLEU
 * (SacreBLEU and NLTK), ROUGE (Google's rouge-score), SQuAD exact match / F1 and
 * entity-level F1 (seqeval). Numbers and strings in, numbers out; every metric streams.
 *
 *   import { bleu, f1, metrics } from '@llm/eval-metrics';
 *   f1.compute([0, 1, 2], [0, 1, 1], { average: 'macro' });
 *   const acc = bleu.create(); acc.add(['the cat sat'], [['the cat sat down']]); acc.compute().score;
 */
export * from './all-metrics.js';
export { type Label, LabelCounts } from './label-counts.js';
export {
  type Accumulator,
  type AnyMetric,
  defineMetric,
  type Metric,
  MetricError,
  type MetricSpec,
} from './metric.js';
export type { Average, PrfOptions, PrfValue, ZeroDivision } from './prf.js';
export { getMetric, metrics } from './registry.js';
