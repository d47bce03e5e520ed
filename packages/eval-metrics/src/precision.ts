/**
 * Precision: of the examples predicted as a class, the fraction that truly are — as
 * scikit-learn's `precision_score` (averages, `labels`, `posLabel`, `zeroDivision`).
 *
 *   import { precision } from '@llm/eval-metrics';
 *   precision.compute([1, 0, 1, 1], [1, 0, 0, 1]);                          // 2/3 (binary, posLabel 1)
 *   precision.compute(['a', 'b', 'c'], ['a', 'b', 'b'], { average: 'macro' }); // 2/3 ('c' scores 0)
 */
import { prfMetric } from './prf.js';

export const precision = prfMetric(
  'precision',
  'Precision tp / (tp + fp), 0–1; binary, micro, macro, weighted or per label.',
  'scikit-learn precision_score',
);
