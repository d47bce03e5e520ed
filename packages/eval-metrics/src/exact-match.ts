/**
 * Exact match as SQuAD v1.1 scores it: a prediction counts if, after answer normalisation
 * (lowercase, no punctuation, no articles, single spaces), it equals any of the gold
 * answers. Reported in percent, 0–100, like the official script.
 *
 *   import { exactMatch } from '@llm/eval-metrics';
 *   exactMatch.compute(['the Denver Broncos!', 'Broncos'], [['Denver Broncos'], 'Denver']);   // 50
 */
import { defineMetric, MetricError, parseString, parseStrings } from './metric.js';
import { goldAnswers, normalizeAnswer } from './squad-normalize.js';

export const exactMatch = defineMetric({
  name: 'exact-match',
  summary: 'Percent of predictions equal to a gold answer after SQuAD normalisation, 0–100.',
  reference: 'SQuAD v1.1 evaluate-v1.1.py exact_match',
  optionKeys: [],
  init: (_options: Partial<Record<string, never>>) => ({ sum: 0, n: 0 }),
  addOne(state, prediction: string, references: string | readonly string[]) {
    const golds = goldAnswers(references);
    if (golds.length === 0)
      throw new MetricError('exact-match: an example needs at least one gold answer');
    const p = normalizeAnswer(prediction);
    if (golds.some((g) => normalizeAnswer(g) === p)) state.sum++;
    state.n++;
  },
  finish: (state) => (100 * state.sum) / state.n,
  parsePrediction: parseString,
  parseReference: parseStrings,
});
