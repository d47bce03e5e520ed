/**
 * __Description__
 *
 *   const objective = __camelName__({ padTokenId: 0 });
 *   const loss = objective.loss(model, objective.makeBatch(examples, rng));
 *
 * Shapes: B batch, T time.
 */
import { countTargets, IGNORE_INDEX, type LanguageModel, modelLoss, type Objective, padRows } from '@llm/objectives';
import { type Tensor, tensor } from '@llm/tensor-core';

export interface __PascalName__Batch {
  readonly inputIds: Tensor; // [B, T]
  readonly attentionMask: Tensor; // [B, T]
  readonly labels: Tensor; // [B, T], -100 where nothing is predicted
}

export function __camelName__(options: { padTokenId?: number } = {}): Objective<LanguageModel, __PascalName__Batch> {
  const pad = options.padTokenId ?? 0;
  return {
    name: '__name__',
    makeBatch(examples) {
      const { ids, mask } = padRows(examples, pad);
      // TODO(objective author): corrupt the inputs and choose the labels; this starting point
      // is plain next-token prediction.
      const labels = Int32Array.from(ids.data, (v, i) => (mask.data[i] ? v : IGNORE_INDEX));
      return { inputIds: ids, attentionMask: mask, labels: tensor(labels, ids.shape) };
    },
    loss: (model, batch) => modelLoss(model, batch, '__name__'),
    countTargets: (batch) => countTargets(batch.labels, IGNORE_INDEX, 1),
  };
}
