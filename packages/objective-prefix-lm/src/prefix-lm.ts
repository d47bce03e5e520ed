/**
 * Prefix language modelling (UniLM, T5's "prefix LM", PaLM-style): each sequence is split
 * into a prefix the model reads bidirectionally and a continuation it predicts left to
 * right. The loss covers the continuation only.
 *
 *   const objective = prefixLm({ padTokenId: 0 });                    // a random split per row
 *   const batch = objective.makeBatch(examples, rng);
 *   const loss = objective.loss(model, batch);                       // model.forward({ inputIds, attentionBias, labels })
 *
 * Shapes: B batch, T time. The attention pattern travels as an additive bias [B, 1, T, T]
 * (0 where a query may look, the most negative float where it may not), so any model whose
 * attention takes a bias — every block of @llm/layers does — can train with it, and neither
 * the trainer nor the other objectives change.
 */
import { IGNORE_INDEX, type Objective, padRows } from '@llm/objectives';
import { minValue, type Rng, type Tensor, tensor } from '@llm/tensor-core';

/** What prefix LM needs from a model (a structural type). */
export interface PrefixLanguageModel {
  forward(inputs: { inputIds: Tensor; attentionBias: Tensor; labels?: Tensor }): {
    readonly loss?: Tensor;
  };
}

export interface PrefixLmOptions {
  readonly padTokenId?: number;
  /** Prefix length as a fraction of each row's length; default: uniform at random in [1, n − 1]. */
  readonly prefixFraction?: number;
}

export interface PrefixLmBatch {
  readonly inputIds: Tensor; // [B, T]
  /** [B, 1, T, T]: 0 = may attend, most negative float = may not. */
  readonly attentionBias: Tensor;
  /** [B, T]: the tokens to predict (unshifted; -100 on the prefix and padding). */
  readonly labels: Tensor;
  /** Each row's prefix length. */
  readonly prefixLengths: Int32Array;
}

export function prefixLm(
  options: PrefixLmOptions = {},
): Objective<PrefixLanguageModel, PrefixLmBatch> {
  const pad = options.padTokenId ?? 0;
  return {
    name: 'prefix-lm',
    makeBatch(examples, rng) {
      const { ids, mask } = padRows(examples, pad);
      const [B, T] = ids.shape as [number, number];
      const prefixLengths = Int32Array.from(examples, (e) =>
        choosePrefix(e.length, options.prefixFraction, rng),
      );
      // labels stay unshifted (the model shifts, as for causal LM); position t scores token t,
      // so the continuation starts scoring at the prefix length
      const labels = new Int32Array(B * T).fill(IGNORE_INDEX);
      const bias = new Float32Array(B * T * T).fill(minValue('float32'));
      for (let b = 0; b < B; b++) {
        const n = examples[b]!.length;
        const p = prefixLengths[b]!;
        for (let t = p; t < n; t++) labels[b * T + t] = ids.data[b * T + t]!;
        for (let i = 0; i < T; i++) {
          for (let j = 0; j < T; j++) {
            // prefix keys are visible to every query; later keys only to queries at or after them
            const visible = mask.data[b * T + j] === 1 && (j < p || j <= i);
            if (visible) bias[(b * T + i) * T + j] = 0;
          }
        }
      }
      return {
        inputIds: ids,
        attentionBias: tensor(bias, [B, 1, T, T]),
        labels: tensor(labels, [B, T]),
        prefixLengths,
      };
    },
    loss(model, batch) {
      const { loss } = model.forward(batch);
      if (!loss) throw new Error('prefix-lm: the model returned no loss for a batch with labels');
      return loss;
    },
    // the model shifts: position 0's label is never scored
    countTargets: (batch) => {
      const [B, T] = batch.labels.shape as [number, number];
      let n = 0;
      for (let b = 0; b < B; b++)
        for (let t = 1; t < T; t++) if (batch.labels.data[b * T + t] !== IGNORE_INDEX) n++;
      return n;
    },
  };
}

function choosePrefix(length: number, fraction: number | undefined, rng: Rng): number {
  if (length < 2) throw new RangeError(`prefix-lm: a row needs ≥ 2 tokens to split, got ${length}`);
  if (fraction === undefined) return 1 + rng.int(length - 1);
  if (!(fraction > 0 && fraction < 1))
    throw new RangeError(`prefix-lm: prefixFraction must be in (0, 1), got ${fraction}`);
  return Math.min(length - 1, Math.max(1, Math.round(length * fraction)));
}
