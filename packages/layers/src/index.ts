/**
 * @llm/layers — Transformer building blocks as Modules with Hugging Face parameter names.
 *
 *   import { Linear, LayerNorm } from '@llm/layers';
 *   const proj = new Linear(768, 3072);
 *   const y = proj.forward(x);                 // x [B, T, 768] → [B, T, 3072]
 */

export {
  type Activation,
  type ActivationName,
  activation,
  activations,
  isActivationName,
} from './activations.js';
export { type DecoderStepOptions, PostLNDecoderBlock, PreLNDecoderBlock } from './decoder-block.js';
export { Dropout } from './dropout.js';
export { Embedding } from './embedding.js';
export {
  type BlockConfig,
  type BlockNames,
  type BlockOptions,
  type BlockParts,
  type Layer,
  PostLNEncoderBlock,
  PreLNEncoderBlock,
  type SelfAttentionLayer,
} from './encoder-block.js';
export { FeedForward, type FeedForwardConfig, type ProjectionLayer } from './feed-forward.js';
export { mergeHeads, splitHeads } from './heads.js';
export { LayerNorm } from './layer-norm.js';
export { Conv1D, type InitOptions, Linear } from './linear.js';
export { describeReport, type LoadReport, Module, ModuleList, StateDictError } from './module.js';
export {
  type AttendOptions,
  type AttentionCache,
  attend,
  FusedSelfAttention,
  type FusedSelfAttentionConfig,
  type HeadsConfig,
  KVCache,
  MultiHeadAttention,
  type MultiHeadAttentionConfig,
  type ProjectionNames,
  type ProjectionStd,
  StaticKVCache,
} from './multi-head-attention.js';
export { LearnedPositionalEmbedding, sinusoidalPositions } from './positional.js';
export {
  RelativePositionBias,
  type RelativePositionBiasConfig,
  relativePositionBucket,
} from './relative-position-bias.js';
export { PreNormResidual, type PreNormResidualParts } from './residual.js';
export { RMSNorm } from './rms-norm.js';
export { Transformer, type TransformerConfig } from './transformer.js';
