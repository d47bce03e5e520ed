/**
 * Multi-head attention with separate q / k / v / out projections (nn.MultiheadAttention's
 * and BART's layout): self-attention when `kv` is omitted, cross-attention when it is the
 * encoder's output; causal and padding masks; an additive bias (e.g. a T5
 * RelativePositionBias); and an optional KV cache for generation.
 *
 *   // B batch, T new positions, S key positions, C channels, H heads
 *   const mha = new MultiHeadAttention({ embedDim: 512, numHeads: 8 });
 *   mha.forward(x, { causal: true });                        // x [B, T, C] → [B, T, C]
 *   mha.forward(y, { kv: encoderOut, keyPaddingMask });     // cross-attention
 *   const cache = new KVCache();
 *   mha.forward(step, { causal: true, cache });              // one token at a time
 */
import { concat, type Rng, scaledDotProductAttention, type Tensor } from '@llm/tensor-core';
import { mergeHeads, splitHeads } from './heads.js';
import { Linear } from './linear.js';
import { Module } from './module.js';

/** Keys and values of the positions seen so far, [B, H, S, D] each; grows with each call. */
export class KVCache {
  keys: Tensor | null = null;
  values: Tensor | null = null;

  get length(): number {
    return this.keys?.shape[2] ?? 0;
  }

  append(k: Tensor, v: Tensor): [Tensor, Tensor] {
    this.keys = this.keys ? concat([this.keys, k], 2) : k;
    this.values = this.values ? concat([this.values, v], 2) : v;
    return [this.keys, this.values];
  }

  /** Keeps batch rows in the given order (beam search reorders its hypotheses). */
  reorder(rows: Tensor): void {
    if (this.keys) this.keys = this.keys.indexSelect(0, rows);
    if (this.values) this.values = this.values.indexSelect(0, rows);
  }
}

export interface MultiHeadAttentionConfig {
  readonly embedDim: number;
  readonly numHeads: number;
  /** Width of k / v inputs for cross-attention (default embedDim). */
  readonly kvDim?: number;
  readonly bias?: boolean;
  readonly dropout?: number;
  readonly std?: number;
  readonly rng?: Rng;
}

export interface AttendOptions {
  /** Keys / values come from here (cross-attention); default: the queries' input. */
  readonly kv?: Tensor;
  readonly causal?: boolean;
  /** [B, S]: 1 for tokens, 0 for padding. */
  readonly keyPaddingMask?: Tensor | null;
  /** Added to the scores, broadcast to [B, H, T, S]. */
  readonly bias?: Tensor | null;
  readonly cache?: KVCache;
  /** Default 1/√D. */
  readonly scale?: number;
}

export class MultiHeadAttention extends Module {
  readonly qProj: Linear;
  readonly kProj: Linear;
  readonly vProj: Linear;
  readonly outProj: Linear;

  constructor(readonly config: MultiHeadAttentionConfig) {
    super();
    const { embedDim: C, numHeads: H, kvDim = C, bias = true, std, rng } = config;
    if (C % H !== 0)
      throw new Error(`MultiHeadAttention: embedDim ${C} is not divisible by numHeads ${H}`);
    this.qProj = this.registerModule('q_proj', new Linear(C, C, { bias, std, rng }));
    this.kProj = this.registerModule('k_proj', new Linear(kvDim, C, { bias, std, rng }));
    this.vProj = this.registerModule('v_proj', new Linear(kvDim, C, { bias, std, rng }));
    this.outProj = this.registerModule('out_proj', new Linear(C, C, { bias, std, rng }));
  }

  forward(x: Tensor, options: AttendOptions = {}): Tensor {
    const H = this.config.numHeads;
    const source = options.kv ?? x;
    const q = splitHeads(this.qProj.forward(x), H); // [B, H, T, D]
    let k = splitHeads(this.kProj.forward(source), H); // [B, H, S, D]
    let v = splitHeads(this.vProj.forward(source), H);
    if (options.cache) [k, v] = options.cache.append(k, v); // [B, H, S_past + S, D]
    const y = scaledDotProductAttention(q, k, v, {
      causal: options.causal ?? false,
      keyPaddingMask: options.keyPaddingMask ?? null,
      bias: options.bias ?? null,
      scale: options.scale,
      dropout: this.training ? (this.config.dropout ?? 0) : 0,
      training: this.training,
      rng: this.config.rng,
    }); // [B, H, T, D]
    return this.outProj.forward(mergeHeads(y)); // [B, T, C]
  }
}
