/**
 * Transformer decoder blocks: causal self-attention, cross-attention to the encoder's
 * output, then a feed-forward network — each with a residual and a LayerNorm, after
 * (post-LN) or before (pre-LN). A KV cache per attention makes generation incremental.
 *
 *   const block = new PostLNDecoderBlock({ embedDim: 512, numHeads: 8, hiddenDim: 2048 });
 *   block.forward(y, memory, { memoryPaddingMask });     // y [B, U, C], memory [B, T, C] → [B, U, C]
 */
import type { Tensor } from '@llm/tensor-core';
import { Dropout } from './dropout.js';
import type { BlockConfig } from './encoder-block.js';
import { FeedForward } from './feed-forward.js';
import { LayerNorm } from './layer-norm.js';
import { Module } from './module.js';
import { type KVCache, MultiHeadAttention } from './multi-head-attention.js';

export interface DecoderStepOptions {
  /** [B, T]: 1 for encoder tokens, 0 for padding. */
  readonly memoryPaddingMask?: Tensor | null;
  /** [B, U]: decoder padding (causal masking is always on). */
  readonly keyPaddingMask?: Tensor | null;
  /** The self-attention cache (generation); cross-attention keys are recomputed. */
  readonly cache?: KVCache;
}

abstract class DecoderBlockBase extends Module {
  readonly selfAttn: MultiHeadAttention;
  readonly selfAttnNorm: LayerNorm;
  readonly crossAttn: MultiHeadAttention;
  readonly crossAttnNorm: LayerNorm;
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
    this.crossAttn = this.registerModule(
      'encoder_attn',
      new MultiHeadAttention({ embedDim: C, numHeads, dropout, std, rng }),
    );
    this.crossAttnNorm = this.registerModule('encoder_attn_layer_norm', new LayerNorm(C, { eps }));
    this.ff = this.registerModule(
      'ffn',
      new FeedForward({ embedDim: C, hiddenDim, activation: config.activation, dropout, std, rng }),
    );
    this.ffNorm = this.registerModule('final_layer_norm', new LayerNorm(C, { eps }));
    this.dropout = this.registerModule('dropout', new Dropout(dropout, rng));
  }

  abstract forward(y: Tensor, memory: Tensor, options?: DecoderStepOptions): Tensor;
}

/** y = LN(y + self(y)); y = LN(y + cross(y, memory)); y = LN(y + ff(y)). */
export class PostLNDecoderBlock extends DecoderBlockBase {
  forward(y: Tensor, memory: Tensor, options: DecoderStepOptions = {}): Tensor {
    const self = this.selfAttn.forward(y, {
      causal: true,
      keyPaddingMask: options.keyPaddingMask,
      cache: options.cache,
    });
    let h = this.selfAttnNorm.forward(y.add(this.dropout.forward(self)));
    const cross = this.crossAttn.forward(h, {
      kv: memory,
      keyPaddingMask: options.memoryPaddingMask,
    });
    h = this.crossAttnNorm.forward(h.add(this.dropout.forward(cross)));
    return this.ffNorm.forward(h.add(this.dropout.forward(this.ff.forward(h))));
  }
}

/** y = y + self(LN(y)); y = y + cross(LN(y), memory); y = y + ff(LN(y)). */
export class PreLNDecoderBlock extends DecoderBlockBase {
  forward(y: Tensor, memory: Tensor, options: DecoderStepOptions = {}): Tensor {
    const n1 = this.selfAttnNorm.forward(y);
    let h = y.add(
      this.dropout.forward(
        this.selfAttn.forward(n1, {
          causal: true,
          keyPaddingMask: options.keyPaddingMask,
          cache: options.cache,
        }),
      ),
    );
    const n2 = this.crossAttnNorm.forward(h);
    h = h.add(
      this.dropout.forward(
        this.crossAttn.forward(n2, { kv: memory, keyPaddingMask: options.memoryPaddingMask }),
      ),
    );
    return h.add(this.dropout.forward(this.ff.forward(this.ffNorm.forward(h))));
  }
}
