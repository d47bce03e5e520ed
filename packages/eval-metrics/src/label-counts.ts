/**
 * The sufficient statistics of every classification metric: how often each (true, predicted)
 * label pair occurred. Accuracy, precision / recall / F1, the confusion matrix and MCC are
 * all read off these counts, so streaming them is exact.
 *
 *   const counts = new LabelCounts();
 *   counts.add('cat', 'dog');                       // (true label, predicted label)
 *   counts.labels();                                // ['cat', 'dog'] — sorted like numpy
 *   counts.matrix(['cat', 'dog']);                  // [[0, 1], [0, 0]]: rows true, columns predicted
 */
import { describe, MetricError } from './metric.js';

/** A class label: numbers or strings (scikit-learn refuses a mix, and so do we). */
export type Label = string | number;

export class LabelCounts {
  /** true label → predicted label → count */
  private readonly pairs = new Map<Label, Map<Label, number>>();
  private readonly seen = new Set<Label>();
  private readonly seenTrue = new Set<Label>();
  private readonly seenPred = new Set<Label>();
  total = 0;

  add(yTrue: Label, yPred: Label): void {
    let row = this.pairs.get(yTrue);
    if (!row) {
      row = new Map();
      this.pairs.set(yTrue, row);
    }
    row.set(yPred, (row.get(yPred) ?? 0) + 1);
    this.seen.add(yTrue);
    this.seen.add(yPred);
    this.seenTrue.add(yTrue);
    this.seenPred.add(yPred);
    this.total++;
  }

  count(yTrue: Label, yPred: Label): number {
    return this.pairs.get(yTrue)?.get(yPred) ?? 0;
  }

  /** Every label seen in either column, sorted as `sklearn.utils.multiclass.unique_labels`. */
  labels(): Label[] {
    return sortLabels([...this.seen]);
  }

  /** Is a label present in the true (`'true'`) or predicted column? */
  has(label: Label, column?: 'true' | 'pred'): boolean {
    if (column === 'true') return this.seenTrue.has(label);
    if (column === 'pred') return this.seenPred.has(label);
    return this.seen.has(label);
  }

  /** The confusion matrix over `labels`: entry [i][j] counts true labels[i] predicted as labels[j]. */
  matrix(labels: readonly Label[]): number[][] {
    return labels.map((t) => labels.map((p) => this.count(t, p)));
  }

  /** Per label: true positives, how often it was predicted, how often it was the truth. */
  perLabel(labels: readonly Label[]): { tp: number[]; predSum: number[]; trueSum: number[] } {
    const tp: number[] = [];
    const predSum: number[] = [];
    const trueSum: number[] = [];
    for (const label of labels) {
      tp.push(this.count(label, label));
      let predicted = 0;
      for (const row of this.pairs.values()) predicted += row.get(label) ?? 0;
      predSum.push(predicted);
      let truth = 0;
      for (const n of this.pairs.get(label)?.values() ?? []) truth += n;
      trueSum.push(truth);
    }
    return { tp, predSum, trueSum };
  }
}

/** Numbers ascending, strings by code unit — numpy's order; a mix is an error as in scikit-learn. */
export function sortLabels(labels: Label[]): Label[] {
  const numbers = labels.some((l) => typeof l === 'number');
  const strings = labels.some((l) => typeof l === 'string');
  if (numbers && strings) {
    throw new MetricError(
      'labels mix strings and numbers (like scikit-learn, we refuse to order them)',
    );
  }
  return numbers
    ? (labels as number[]).sort((a, b) => a - b)
    : (labels as string[]).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * A label from input (a text line or a JSON value). A string that is a canonical integer
 * ('1', '-3', not '01') becomes that number, so a text file of 0 / 1 lines is binary with
 * the default positive label 1, as it would be in scikit-learn reading numbers.
 */
export function parseLabel(value: unknown): Label {
  if (typeof value === 'string') return /^-?(0|[1-9]\d{0,14})$/.test(value) ? Number(value) : value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  throw new MetricError(`expected a class label (a string or a number), got ${describe(value)}`);
}
