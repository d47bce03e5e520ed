/**
 * Recall: of the examples truly of a class, the fraction predicted as it — as
 * scikit-learn's `recall_score` (averages, `labels`, `posLabel`, `zeroDivision`).
 *
 *   import { recall } from '@llm/eval-metrics';
 *   recall.compute([1, 0, 1, 1], [1, 0, 0, 1]);                           // 1 (binary, posLabel 1)
 *   recall.compute(['a', 'b', 'c'], ['a', 'b', 'b'], { average: 'micro' }); // 2/3
 */
import { prfMetric } from './prf.js';

export const recall = prfMetric(
  'recall',
  'Recall tp / (tp + fn), 0–1; binary, micro, macro, weighted or per label.',
  'scikit-learn recall_score',
);
