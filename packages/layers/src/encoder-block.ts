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
  readonly activation?: 'relu' | 'gelu' | 'gelu_tanh' | 'gated-gelu';
  readonly dropout?: number;
  readonly layerNormEps?: number;
  readonly std?: number;
  readonly rng?: Rng;
}

abstract class EncoderBlockBase extends Module {
  readonly selfAttn: MultiHeadAttention;
  readonly selfAttnNorm: LayerNorm;
  readonly ff: FeedForward;
  readonly ffNorm: LayerNorm;
  readonly dropout: Dropout;

  constructor(config: BlockConfig) {
    super();
    const { embedDim: C, numHeads, hiddenDim, std, rng, dropout = 0 } = config;
    const eps = config.layerNormEps ?? 1e-5;
    this.selfAttn = this.registerModule(
      'self_attn',
      new MultiHeadAttention({ embedDim: C, numHeads, dropout, std, rng }),
    );
    this.selfAttnNorm = this.registerModule('self_attn_layer_norm', new LayerNorm(C, { eps }));
    this.ff = this.registerModule(
      'ffn',
      new FeedForward({ embedDim: C, hiddenDim, activation: config.activation, dropout, std, rng }),
    );
    this.ffNorm = this.registerModule('final_layer_norm', new LayerNorm(C, { eps }));
    this.dropout = this.registerModule('dropout', new Dropout(dropout, rng));
  }

  abstract forward(x: Tensor, options?: Pick<AttendOptions, 'keyPaddingMask' | 'bias'>): Tensor;
}

/** x = LN(x + attn(x)); x = LN(x + ff(x)). */
export class PostLNEncoderBlock extends EncoderBlockBase {
  forward(x: Tensor, options: Pick<AttendOptions, 'keyPaddingMask' | 'bias'> = {}): Tensor {
    const h = this.selfAttnNorm.forward(
      x.add(this.dropout.forward(this.selfAttn.forward(x, options))),
    );
    return this.ffNorm.forward(h.add(this.dropout.forward(this.ff.forward(h))));
  }
}

/** x = x + attn(LN(x)); x = x + ff(LN(x)). */
export class PreLNEncoderBlock extends EncoderBlockBase {
  forward(x: Tensor, options: Pick<AttendOptions, 'keyPaddingMask' | 'bias'> = {}): Tensor {
    const h = x.add(
      this.dropout.forward(this.selfAttn.forward(this.selfAttnNorm.forward(x), options)),
    );
    return h.add(this.dropout.forward(this.ff.forward(this.ffNorm.forward(h))));
  }
}
