/**
 * Causal language modelling (GPT): predict every next token.
 *
 *   const objective = causalLm({ padTokenId: 0 });                          // one example a row, right-padded
 *   const packed = causalLm({ pack: { blockSize: 128, eosTokenId: 50256 } }); // documents joined by EOS, cut into blocks
 *   const batch = objective.makeBatch(examples, rng);
 *   const loss = objective.loss(gpt, batch);
 *
 * Labels are the input ids themselves (-100 on padding), unshifted: the model shifts them,
 * as Hugging Face's models do, so the same batch trains @llm/models' Gpt and HF's
 * GPT2LMHeadModel alike. Packing keeps every token a target and wastes nothing on
 * padding; documents are separated by EOS so the model learns where one ends.
 */
import { type Tensor, tensor } from '@llm/tensor-core';
import { IGNORE_INDEX, type LanguageModel, modelLoss } from './language-model.js';
import type { Objective } from './objective.js';
import { packDocuments } from './pack-documents.js';
import { countTargets, padRows } from './pad.js';

export interface CausalLmOptions {
  /** Fills short rows (with attention mask 0 and label -100); default 0. */
  readonly padTokenId?: number;
  /** Join the examples with EOS and cut the stream into rows of blockSize tokens. */
  readonly pack?: { readonly blockSize: number; readonly eosTokenId: number };
}

export interface CausalLmBatch {
  readonly inputIds: Tensor; // [B, T]
  readonly attentionMask: Tensor; // [B, T]
  readonly labels: Tensor; // [B, T], -100 on padding
}

export function causalLm(options: CausalLmOptions = {}): Objective<LanguageModel, CausalLmBatch> {
  const pad = options.padTokenId ?? 0;
  return {
    name: 'causal-lm',
    makeBatch(examples) {
      const rows = options.pack ? packRows(examples, options.pack) : examples;
      const { ids, mask } = padRows(rows, pad);
      const labels = new Int32Array(ids.data as Int32Array);
      for (let i = 0; i < labels.length; i++) if (mask.data[i] === 0) labels[i] = IGNORE_INDEX;
      return { inputIds: ids, attentionMask: mask, labels: tensor(labels, ids.shape) };
    },
    loss: (model, batch) => modelLoss(model, batch, 'causal-lm'),
    // the first position of each row predicts nothing (the model shifts)
    countTargets: (batch) => countTargets(batch.labels, IGNORE_INDEX, 1),
  };
}

/**
 * Documents followed by EOS, concatenated, cut into rows of `blockSize`; the last row may
 * be short (it is padded and its padding masked), so no token of the batch is lost.
 */
function packRows(
  documents: readonly ArrayLike<number>[],
  pack: NonNullable<CausalLmOptions['pack']>,
): Int32Array[] {
  // one token a row would leave nothing to predict: the model shifts labels by one
  if (!Number.isInteger(pack.blockSize) || pack.blockSize < 2)
    throw new RangeError(`causal-lm: blockSize must be an integer ≥ 2, got ${pack.blockSize}`);
  return packDocuments(documents, {
    blockSize: pack.blockSize,
    eosId: pack.eosTokenId,
    keepRemainder: true,
  });
}
