/**
 * What every model here takes and returns, and what `fromPretrained` needs to know about
 * each architecture. Inputs use one vocabulary across models (HF's names, camelCased).
 *
 *   const { logits, loss } = model.forward({ inputIds, attentionMask, labels });
 */

import { Module } from '@llm/layers';
import type { Tensor } from '@llm/tensor-core';

/** A batch. Ids, masks and labels are int32 tensors; labels use -100 for "ignore". */
export interface ModelInputs {
  /** [B, T] token ids (T5: the encoder's). */
  readonly inputIds: Tensor;
  /** [B, T] 1 for tokens, 0 for padding. */
  readonly attentionMask?: Tensor;
  /** [B, T] segment ids (BERT). */
  readonly tokenTypeIds?: Tensor;
  /** [B, T] next tokens (unshifted: the model shifts, as HF), masked tokens, or [B] classes. */
  readonly labels?: Tensor;
  /** [B, T'] decoder ids (T5); derived from labels when absent. */
  readonly decoderInputIds?: Tensor;
  /** [B, T'] decoder padding mask (T5; causal masking is always applied). */
  readonly decoderAttentionMask?: Tensor;
}

export interface ForwardOptions {
  /** Return every hidden state, HF's output_hidden_states convention. */
  readonly outputHiddenStates?: boolean;
}

export interface ModelOutput {
  /** [B, T, V] for language models, [B, numLabels] for sequence classification. */
  readonly logits: Tensor;
  /** Mean cross-entropy (or MSE for regression) when labels were given. */
  readonly loss?: Tensor;
  readonly hiddenStates?: Tensor[];
  /** T5 only: the decoder's hidden states are `hiddenStates`, the encoder's these. */
  readonly encoderHiddenStates?: Tensor[];
  readonly encoderLastHiddenState?: Tensor;
  /** BERT sequence classification: the pooled [CLS] vector. */
  readonly pooledOutput?: Tensor;
}

/** The common face of every model: a Module with a forward over a batch and its config. */
export interface PretrainedModel extends Module {
  readonly config: object;
  forward(inputs: ModelInputs, options?: ForwardOptions): ModelOutput;
  /** The config as HF's config.json keys. */
  toHfConfig(): Record<string, unknown>;
  /** Tensors as they go into model.safetensors (tied copies left out, as HF saves them). */
  checkpointTensors(): Record<string, Tensor>;
}

/** How fromPretrained recognises and builds one architecture. One per model file. */
export interface Architecture {
  /** HF `architectures[0]` values this builds, e.g. 'GPT2LMHeadModel'. */
  readonly architectures: readonly string[];
  /** HF `model_type`, e.g. 'gpt2'. */
  readonly modelType: string;
  /**
   * When several architectures share a model_type, the one a config that names none of
   * them gets (BERT: the masked-LM model, which also covers HF's BertModel). At most one
   * per model_type.
   */
  readonly defaultForModelType?: boolean;
  /** Builds the model from a parsed config.json (throws ConfigError on a bad one). */
  fromHfConfig(hf: Record<string, unknown>): PretrainedModel;
}

/**
 * The base of GPT, BERT and T5: a Module whose checkpoint is its parameters, each tied
 * tensor once under its first name (as HF's save_pretrained drops tied copies).
 */
export abstract class PretrainedModule extends Module implements PretrainedModel {
  abstract readonly config: object;
  abstract forward(inputs: ModelInputs, options?: ForwardOptions): ModelOutput;
  abstract toHfConfig(): Record<string, unknown>;

  checkpointTensors(): Record<string, Tensor> {
    return Object.fromEntries(this.namedParameters());
  }
}
