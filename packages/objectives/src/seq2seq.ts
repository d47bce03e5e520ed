/**
 * Sequence-to-sequence training with teacher forcing (T5, BART): the encoder reads the
 * input, the decoder reads the target shifted right (starting from the decoder start
 * token) and predicts the target.
 *
 *   const objective = seq2seq({ padTokenId: 0, decoderStartTokenId: 0 });
 *   const batch = objective.makeBatch([{ input: ids('translate: hello'), target: ids('bonjour') }], rng);
 *   const loss = objective.loss(t5, batch);
 */
import { type Tensor, tensor } from '@llm/tensor-core';
import { IGNORE_INDEX, type LanguageModel, modelLoss } from './language-model.js';
import type { Objective } from './objective.js';
import { countTargets, padRows } from './pad.js';

export interface Seq2SeqExample {
  readonly input: ArrayLike<number>;
  readonly target: ArrayLike<number>;
}

export interface Seq2SeqOptions {
  readonly padTokenId?: number;
  readonly decoderStartTokenId?: number;
}

export interface Seq2SeqBatch {
  readonly inputIds: Tensor; // [B, T]
  readonly attentionMask: Tensor; // [B, T]
  readonly labels: Tensor; // [B, U], -100 on padding
  readonly decoderInputIds: Tensor; // [B, U]: labels shifted right
}

export function seq2seq(
  options: Seq2SeqOptions = {},
): Objective<LanguageModel, Seq2SeqBatch, Seq2SeqExample> {
  const pad = options.padTokenId ?? 0;
  const start = options.decoderStartTokenId ?? pad;
  return {
    name: 'seq2seq',
    makeBatch: (examples) => seq2seqBatch(examples, pad, start),
    loss: (model, batch) => modelLoss(model, batch, 'seq2seq'),
    countTargets: (batch) => countTargets(batch.labels, IGNORE_INDEX),
  };
}

export function seq2seqBatch(
  examples: readonly Seq2SeqExample[],
  pad: number,
  start: number,
): Seq2SeqBatch {
  const source = padRows(
    examples.map((e) => e.input),
    pad,
  );
  const target = padRows(
    examples.map((e) => e.target),
    pad,
  );
  const [B, U] = target.ids.shape as [number, number];
  const labels = new Int32Array(B * U);
  const decoder = new Int32Array(B * U);
  for (let b = 0; b < B; b++) {
    decoder[b * U] = start;
    for (let u = 0; u < U; u++) {
      const i = b * U + u;
      labels[i] = target.mask.data[i] ? target.ids.data[i]! : IGNORE_INDEX;
      // teacher forcing: the decoder sees the previous target token (padding → pad id)
      if (u + 1 < U) decoder[i + 1] = target.mask.data[i] ? target.ids.data[i]! : pad;
    }
  }
  return {
    inputIds: source.ids,
    attentionMask: source.mask,
    labels: tensor(labels, [B, U]),
    decoderInputIds: tensor(decoder, [B, U]),
  };
}
