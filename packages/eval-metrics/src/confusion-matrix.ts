/**
 * The confusion matrix: entry [i][j] counts examples whose true label is `labels[i]` and
 * predicted label `labels[j]` — as scikit-learn's `confusion_matrix` (rows true, columns
 * predicted, labels sorted unless given).
 *
 *   import { confusionMatrix } from '@llm/eval-metrics';
 *   confusionMatrix.compute(['b', 'a', 'a'], ['a', 'a', 'b']);
 *   // { labels: ['a', 'b'], matrix: [[1, 1], [1, 0]] }
 */
import { type Label, LabelCounts, parseLabel, sortLabels } from './label-counts.js';
import { defineMetric, MetricError } from './metric.js';

export interface ConfusionMatrixOptions {
  /** Rows / columns in this order; labels not listed are left out. Default: every label seen, sorted. */
  labels: Label[];
}

export interface ConfusionMatrix {
  labels: Label[];
  /** matrix[i][j]: true labels[i], predicted labels[j]. */
  matrix: number[][];
}

export const confusionMatrix = defineMetric({
  name: 'confusion-matrix',
  summary: 'Counts of (true, predicted) label pairs; rows true, columns predicted.',
  reference: 'scikit-learn confusion_matrix',
  optionKeys: ['labels'],
  init(options: Partial<ConfusionMatrixOptions>) {
    const { labels } = options;
    if (labels !== undefined && (!Array.isArray(labels) || labels.length === 0)) {
      throw new MetricError("confusion-matrix: option 'labels' must be a non-empty list of labels");
    }
    if (labels) sortLabels([...labels]);
    return { counts: new LabelCounts(), labels };
  },
  addOne: (state, prediction: Label, reference: Label) => state.counts.add(reference, prediction),
  finish(state): ConfusionMatrix {
    const labels = state.labels ? [...state.labels] : state.counts.labels();
    return { labels, matrix: state.counts.matrix(labels) };
  },
  parsePrediction: parseLabel,
  parseReference: parseLabel,
});
