/**
 * Sequence classification as an `Objective` for `@llm/trainer`'s `train()`, and batched
 * prediction — the two things fine-tuning a classifier needs that the LM objectives of
 * `@llm/objectives` do not cover. Any model with HF's classification forward fits
 * (BertForSequenceClassification here).
 *
 *   const objective = sequenceClassification({ padTokenId: 0 });
 *   await train({ model, objective, data: new DataLoader(examples, { batchSize: 32 }), ... });
 *   const { labels, probs } = predict(model, examples.map((e) => e.ids), { padTokenId: 0 });
 *
 * Shapes: B batch, T time (the longest row of the batch), K classes.
 */
import { type LanguageModelInputs, type Objective, padRows } from '@llm/objectives';
import { noGrad, type Tensor, tensor } from '@llm/tensor-core';

/** One labelled example: [CLS] … [SEP] ids and its class. */
export interface ClassificationExample {
  readonly ids: Int32Array;
  readonly label: number;
}

export interface ClassificationBatch {
  readonly inputIds: Tensor; // [B, T], right-padded
  readonly attentionMask: Tensor; // [B, T], 0 on padding
  readonly labels: Tensor; // [B] int32 classes
}

/** What the objective needs from a model (structural, never a class). */
export interface Classifier {
  forward(inputs: LanguageModelInputs): { readonly logits: Tensor; readonly loss?: Tensor };
  eval(): unknown;
  train(mode?: boolean): unknown;
  readonly training: boolean;
}

export function sequenceClassification(options: {
  readonly padTokenId: number;
}): Objective<Classifier, ClassificationBatch, ClassificationExample> {
  return {
    name: 'sequence-classification',
    // no randomness: the batch is the examples, padded
    makeBatch(examples) {
      const { ids, mask } = padRows(
        examples.map((e) => e.ids),
        options.padTokenId,
      );
      return {
        inputIds: ids,
        attentionMask: mask,
        labels: tensor(
          Int32Array.from(examples, (e) => e.label),
          [examples.length],
        ),
      };
    },
    loss(model, batch) {
      const { loss } = model.forward(batch);
      if (!loss) throw new Error('sequence-classification: the model returned no loss');
      return loss;
    },
    countTargets: (batch) => batch.labels.size,
  };
}

/** Argmax class and softmax probabilities of every row, in eval mode, `batchSize` rows at a time. */
export function predict(
  model: Classifier,
  rows: readonly Int32Array[],
  options: { readonly padTokenId: number; readonly batchSize?: number },
): { labels: number[]; probs: number[][] } {
  const batchSize = options.batchSize ?? 64;
  const wasTraining = model.training;
  model.eval();
  const labels: number[] = [];
  const probs: number[][] = [];
  try {
    noGrad(() => {
      for (let i = 0; i < rows.length; i += batchSize) {
        const { ids, mask } = padRows(rows.slice(i, i + batchSize), options.padTokenId);
        const p = model.forward({ inputIds: ids, attentionMask: mask }).logits.softmax(-1); // [B, K]
        for (const row of p.toArray() as number[][]) {
          probs.push(row);
          labels.push(row.indexOf(Math.max(...row)));
        }
      }
    });
  } finally {
    model.train(wasTraining);
  }
  return { labels, probs };
}
