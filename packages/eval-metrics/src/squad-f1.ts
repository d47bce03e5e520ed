/**
 * SQuAD v1.1 token F1: per example the best token-overlap F1 against any gold answer
 * (after answer normalisation), averaged, in percent 0–100 like the official script.
 *
 *   import { squadF1 } from '@llm/eval-metrics';
 *   squadF1.compute(['an apple a day'], [['The apple', 'a pear']]);   // 66.66…
 */
import { defineMetric, MetricError, parseString, parseStrings } from './metric.js';
import { goldAnswers, squadTokenF1 } from './squad-normalize.js';

export const squadF1 = defineMetric({
  name: 'squad-f1',
  summary: 'Mean over examples of the best token F1 against the gold answers, 0–100.',
  reference: 'SQuAD v1.1 evaluate-v1.1.py f1',
  optionKeys: [],
  init: (_options: Partial<Record<string, never>>) => ({ sum: 0, n: 0 }),
  addOne(state, prediction: string, references: string | readonly string[]) {
    const golds = goldAnswers(references);
    if (golds.length === 0)
      throw new MetricError('squad-f1: an example needs at least one gold answer');
    state.sum += Math.max(...golds.map((g) => squadTokenF1(prediction, g)));
    state.n++;
  },
  finish: (state) => (100 * state.sum) / state.n,
  parsePrediction: parseString,
  parseReference: parseStrings,
});
