/**
 * Transformer encoder blocks: self-attention then a feed-forward network, each wrapped in
 * a residual connection and a LayerNorm — after the residual (post-LN, the original
 * Transformer and BERT) or before the sub-layer (pre-LN, GPT-2 and most models since).
 * Two small classes rather than a flag (STYLE.md rule 9).
 *
 *   const block = new PostLNEncoderBlock({ embedDim: 512, numHeads: 8, hiddenDim: 2048 });
 *   block.forward(x, { keyPaddingMask });        // x [B, T, C] → [B, T, C]
 */
import type { Rng, Tensor } from '@llm/tensor-core';
import { Dropout } from './dropout.js';
import { FeedForward } from './feed-forward.js';
import { LayerNorm } from './layer-norm.js';
import { Module } from './module.js';
import { type AttendOptions, MultiHeadAttention } from './multi-head-attention.js';

export interface BlockConfig {
  readonly embedDim: number;
  readonly numHeads: number;
  readonly hiddenDim: number;
  /** Any name of the activation table; 'gated-gelu' is T5 v1.1's gated GELU. */
  readonly activation?: string;
  readonly dropout?: number;
  readonly layerNormEps?: number;
  readonly std?: number;
  readonly rng?: Rng;
}

/** A sub-layer: x [B, T, C] → [B, T, C]. */
export interface Layer extends Module {
  forward(x: Tensor): Tensor;
}

/** Self-attention as a block calls it (MultiHeadAttention, FusedSelfAttention, …). */
export interface SelfAttentionLayer extends Module {
  forward(x: Tensor, options?: BlockOptions): Tensor;
}

/** What a block passes to its self-attention: masks, bias, the KV cache. */
export type BlockOptions = Omit<AttendOptions, 'kv'>;

/** Module names of a block's four parts — Hugging Face's for the model that uses it. */
export interface BlockNames {
  readonly attention: string;
  readonly attentionNorm: string;
  readonly feedForward: string;
  readonly feedForwardNorm: string;
}

/**
 * A block made of given parts (GPT-2 passes its fused attention, its Conv1D MLP and its
 * names ln_1 / attn / ln_2 / mlp) instead of the ones BlockConfig describes.
 */
export interface BlockParts {
  readonly attention: SelfAttentionLayer;
  readonly attentionNorm: Layer;
  readonly feedForward: Layer;
  readonly feedForwardNorm: Layer;
  readonly names: BlockNames;
  /** Dropout on both residual branches (default 0). */
  readonly dropout?: number;
}

// BART's names, which nn.Transformer-style models here use.
const BART_NAMES: BlockNames = {
  attention: 'self_attn',
  attentionNorm: 'self_attn_layer_norm',
  feedForward: 'ffn',
  feedForwardNorm: 'final_layer_norm',
};

function partsFrom(config: BlockConfig): BlockParts {
  const { embedDim: C, numHeads, hiddenDim, std, rng, dropout = 0 } = config;
  const eps = config.layerNormEps ?? 1e-5;
  return {
    attention: new MultiHeadAttention({ embedDim: C, numHeads, dropout, std, rng }),
    attentionNorm: new LayerNorm(C, { eps }),
    feedForward: new FeedForward({
      embedDim: C,
      hiddenDim,
      activation: config.activation,
      dropout,
      std,
      rng,
    }),
    feedForwardNorm: new LayerNorm(C, { eps }),
    names: BART_NAMES,
    dropout,
  };
}

abstract class EncoderBlockBase extends Module {
  readonly selfAttn: SelfAttentionLayer;
  readonly selfAttnNorm: Layer;
  readonly ff: Layer;
  readonly ffNorm: Layer;
  readonly dropout: Dropout;

  constructor(config: BlockConfig | BlockParts) {
    super();
    const parts = 'attention' in config ? config : partsFrom(config);
    const { names } = parts;
    this.selfAttnNorm = parts.attentionNorm;
    this.selfAttn = parts.attention;
    this.ffNorm = parts.feedForwardNorm;
    this.ff = parts.feedForward;
    // registered in HF's order (norm, attention, norm, MLP), so parameters list as torch's do
    const order: [string, Module][] =
      names === BART_NAMES
        ? [
            [names.attention, this.selfAttn],
            [names.attentionNorm, this.selfAttnNorm],
            [names.feedForward, this.ff],
            [names.feedForwardNorm, this.ffNorm],
          ]
        : [
            [names.attentionNorm, this.selfAttnNorm],
            [names.attention, this.selfAttn],
            [names.feedForwardNorm, this.ffNorm],
            [names.feedForward, this.ff],
          ];
    for (const [name, m] of order) this.registerModule(name, m);
    this.dropout = this.registerModule('dropout', new Dropout(parts.dropout ?? 0));
  }

  abstract forward(x: Tensor, options?: BlockOptions): Tensor;
}

/** x = LN(x + attn(x)); x = LN(x + ff(x)). */
export class PostLNEncoderBlock extends EncoderBlockBase {
  forward(x: Tensor, options: BlockOptions = {}): Tensor {
    const h = this.selfAttnNorm.forward(
      x.add(this.dropout.forward(this.selfAttn.forward(x, options))),
    );
    return this.ffNorm.forward(h.add(this.dropout.forward(this.ff.forward(h))));
  }
}

/** x = x + attn(LN(x)); x = x + ff(LN(x)) — GPT-2's block with causal attention. */
export class PreLNEncoderBlock extends EncoderBlockBase {
  forward(x: Tensor, options: BlockOptions = {}): Tensor {
    const h = x.add(
      this.dropout.forward(this.selfAttn.forward(this.selfAttnNorm.forward(x), options)),
    );
    return h.add(this.dropout.forward(this.ff.forward(this.ffNorm.forward(h))));
  }
}
