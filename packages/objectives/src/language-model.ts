/**
 * What the built-in objectives need from a model — a structural type, so any model with
 * Hugging Face's forward contract trains with them (Gpt, BertForMaskedLM,
 * T5ForConditionalGeneration from @llm/models, or your own):
 *
 *   model.forward({ inputIds, attentionMask, labels }).loss   // mean CE over labels ≠ -100
 *
 * Causal LM labels are unshifted: the model shifts them (predicts labels[t + 1] at t), as
 * HF's models do. Masked LM and seq2seq labels align with the positions they score.
 */
import type { Tensor } from '@llm/tensor-core';

export interface LanguageModelInputs {
  readonly inputIds: Tensor;
  readonly attentionMask?: Tensor;
  readonly labels?: Tensor;
  readonly decoderInputIds?: Tensor;
}

export interface LanguageModel {
  forward(inputs: LanguageModelInputs): { readonly loss?: Tensor };
}

/** The label value every objective and model ignores (PyTorch's ignore_index). */
export const IGNORE_INDEX = -100;

/** The loss a model returned, or a one-line error saying it returned none. */
export function modelLoss(
  model: LanguageModel,
  inputs: LanguageModelInputs,
  objective: string,
): Tensor {
  const { loss } = model.forward(inputs);
  if (!loss) throw new Error(`${objective}: the model returned no loss for a batch with labels`);
  return loss;
}
