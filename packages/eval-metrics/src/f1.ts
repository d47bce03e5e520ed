/**
 * F1: the harmonic mean of precision and recall — as scikit-learn's `f1_score`
 * (averages, `labels`, `posLabel`, `zeroDivision`).
 *
 *   import { f1 } from '@llm/eval-metrics';
 *   f1.compute([1, 0, 1, 1], [1, 0, 0, 1]);                                  // 0.8
 *   f1.compute([0, 1, 1], [0, 1, 2], { average: 'none' });                   // [1, 0.666…, 0]
 */
import { prfMetric } from './prf.js';

export const f1 = prfMetric(
  'f1',
  'F1 = 2PR / (P + R), 0–1; binary, micro, macro, weighted or per label.',
  'scikit-learn f1_score',
);
