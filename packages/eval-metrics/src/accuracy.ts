/**
 * Accuracy: the fraction of predictions equal to their reference — scikit-learn's
 * `accuracy_score` for class labels.
 *
 *   import { accuracy } from '@llm/eval-metrics';
 *   accuracy.compute([0, 2, 1, 3], [0, 1, 2, 3]);           // 0.5
 *   accuracy.create().add(['a'], ['a']).add(['b'], ['c']).compute();   // 0.5
 */
import { type Label, parseLabel } from './label-counts.js';
import { defineMetric } from './metric.js';

export const accuracy = defineMetric({
  name: 'accuracy',
  summary: 'Fraction of predictions that equal their reference, 0–1.',
  reference: 'scikit-learn accuracy_score',
  optionKeys: [],
  init: (_options: Partial<Record<string, never>>) => ({ correct: 0, total: 0 }),
  addOne(state, prediction: Label, reference: Label) {
    if (prediction === reference) state.correct++;
    state.total++;
  },
  finish: (state) => state.correct / state.total,
  parsePrediction: parseLabel,
  parseReference: parseLabel,
});
