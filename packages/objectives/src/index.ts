/**
 * @llm/objectives — training objectives behind one small interface: causal LM, masked LM
 * (15 %, 80/10/10, whole-word), seq2seq with teacher forcing and T5 span corruption.
 *
 *   import { causalLm } from '@llm/objectives';
 *   const objective = causalLm({ pack: { blockSize: 128, eosTokenId: 0 } });
 *   const loss = objective.loss(model, objective.makeBatch(documents, rng));
 */
export { type CausalLmBatch, type CausalLmOptions, causalLm } from './causal-lm.js';
export {
  IGNORE_INDEX,
  type LanguageModel,
  type LanguageModelInputs,
  modelLoss,
} from './language-model.js';
export { type MaskedLmBatch, type MaskedLmOptions, maskedLm } from './masked-lm.js';
export type { Objective, ObjectiveBatch, ObjectiveExample, ObjectiveModel } from './objective.js';
export { type PackOptions, packDocuments } from './pack-documents.js';
export { countTargets, padRows } from './pad.js';
export {
  type Seq2SeqBatch,
  type Seq2SeqExample,
  type Seq2SeqOptions,
  seq2seq,
  seq2seqBatch,
} from './seq2seq.js';
export {
  corruptSpans,
  noiseCounts,
  randomSpansNoiseMask,
  type SpanCorruptionOptions,
  spanCorruption,
  spanCorruptionLengths,
} from './span-corruption.js';
