/**
 * Multi-head attention — the one place in the models that turns projected queries, keys
 * and values into attention: heads split, the KV cache extended, scaled dot-product
 * attention (scores, causal / padding masks, an additive bias such as T5's relative
 * positions, dropout on the weights) and heads merged. Every model's attention module
 * (GPT-2's fused `c_attn`, BERT's `query` / `key` / `value`, T5's bias-free `q` / `k` /
 * `v` / `o`) ends in `attend` below; only its projections differ.
 *
 *   // B batch, T new positions, S key positions, C channels, H heads, D head size
 *   const mha = new MultiHeadAttention({ embedDim: 512, numHeads: 8 });
 *   mha.forward(x, { causal: true });                        // x [B, T, C] → [B, T, C]
 *   mha.forward(y, { kv: encoderOut, keyPaddingMask });     // cross-attention
 *   const cache = new KVCache();
 *   mha.forward(step, { causal: true, cache });              // one token at a time
 *   // Hugging Face's names for the projections, T5 style: no biases, no 1/√D
 *   new MultiHeadAttention({ embedDim: 512, numHeads: 8, headDim: 64, bias: false, scale: 1,
 *     names: { query: 'q', key: 'k', value: 'v', output: 'o' } });
 */
import { concat, type Rng, scaledDotProductAttention, type Tensor } from '@llm/tensor-core';
import { mergeHeads, splitHeads } from './heads.js';
import { Conv1D, Linear } from './linear.js';
import { Module } from './module.js';

/** What generation keeps between steps for one attention module. */
export interface AttentionCache {
  /** The keys and values to attend over, [B, H, S, D] each, given this call's (lazy) projection. */
  extend(project: () => [Tensor, Tensor]): [Tensor, Tensor];
  /** Positions held before this call (a query's offset for causal masks and position biases). */
  readonly length: number;
  /** Keeps batch rows in the given order (beam search reorders its hypotheses). */
  reorder(rows: Tensor): void;
}

/** Self-attention's cache: keys and values of every position so far; grows with each call. */
export class KVCache implements AttentionCache {
  keys: Tensor | null = null;
  values: Tensor | null = null;

  get length(): number {
    return this.keys?.shape[2] ?? 0;
  }

  extend(project: () => [Tensor, Tensor]): [Tensor, Tensor] {
    return this.append(...project());
  }

  append(k: Tensor, v: Tensor): [Tensor, Tensor] {
    this.keys = this.keys ? concat([this.keys, k], 2) : k;
    this.values = this.values ? concat([this.values, v], 2) : v;
    return [this.keys, this.values];
  }

  reorder(rows: Tensor): void {
    if (this.keys) this.keys = this.keys.indexSelect(0, rows);
    if (this.values) this.values = this.values.indexSelect(0, rows);
  }
}

/**
 * Cross-attention's cache: the encoder output does not change while the decoder generates,
 * so its keys and values are projected on the first call and reused after.
 */
export class StaticKVCache implements AttentionCache {
  private kv: [Tensor, Tensor] | null = null;

  get length(): number {
    return 0; // the keys are not positions of the query's own sequence
  }

  extend(project: () => [Tensor, Tensor]): [Tensor, Tensor] {
    this.kv ??= project();
    return this.kv;
  }

  reorder(rows: Tensor): void {
    if (this.kv) this.kv = [this.kv[0].indexSelect(0, rows), this.kv[1].indexSelect(0, rows)];
  }
}

export interface AttendOptions {
  /** Keys / values come from here (cross-attention); default: the queries' input. */
  readonly kv?: Tensor;
  readonly causal?: boolean;
  /** [B, S]: 1 for tokens, 0 for padding (S counts cached positions too). */
  readonly keyPaddingMask?: Tensor | null;
  /** Added to the scores, broadcast to [B, H, T, S]. */
  readonly bias?: Tensor | null;
  readonly cache?: AttentionCache;
}

/** How the heads attend, fixed per module: head count, score scale, dropout on the weights. */
export interface HeadsConfig {
  readonly numHeads: number;
  /** Multiplies q·kᵀ; default 1/√D (T5 uses 1: it folds the scale into its init). */
  readonly scale?: number;
  /** Dropout on the attention weights while training. */
  readonly dropout?: number;
}

/**
 * q [B, T, H·D] and lazily projected k, v [B, S, H·D] → [B, T, H·D]. The projection is a
 * thunk so a StaticKVCache can skip it after the first step. Dropout draws from the global
 * generator at call time (manualSeed / train({ seed }) make it reproducible).
 */
export function attend(
  module: Module,
  heads: HeadsConfig,
  q: Tensor,
  projectKv: () => [Tensor, Tensor],
  options: AttendOptions,
): Tensor {
  const H = heads.numHeads;
  const split = (): [Tensor, Tensor] => {
    const [k, v] = projectKv();
    return [splitHeads(k, H), splitHeads(v, H)]; // [B, H, S, D] each
  };
  // generation: the new positions attend to every cached one too (causal, end-aligned)
  const [keys, values] = options.cache ? options.cache.extend(split) : split();
  const y = scaledDotProductAttention(splitHeads(q, H), keys, values, {
    causal: options.causal ?? false,
    keyPaddingMask: options.keyPaddingMask ?? null,
    bias: options.bias ?? null,
    scale: heads.scale,
    dropout: module.training ? (heads.dropout ?? 0) : 0,
    training: module.training,
  }); // [B, H, T, D]
  return mergeHeads(y); // [B, T, H·D]
}

export interface MultiHeadAttentionConfig extends HeadsConfig {
  readonly embedDim: number;
  /** D; default embedDim / numHeads (T5's d_kv need not be). */
  readonly headDim?: number;
  /** Width of k / v inputs for cross-attention (default embedDim). */
  readonly kvDim?: number;
  readonly bias?: boolean;
  /** Normal-init std of every projection, or of each (T5 scales them differently). */
  readonly std?: number | ProjectionStd;
  readonly rng?: Rng;
  /**
   * Hugging Face's module names for the projections (default BART's q_proj, k_proj, v_proj,
   * out_proj). `output: null` leaves the output projection to the caller (BERT keeps it in
   * BertSelfOutput, beside its LayerNorm).
   */
  readonly names?: ProjectionNames;
}

export interface ProjectionNames {
  readonly query: string;
  readonly key: string;
  readonly value: string;
  readonly output: string | null;
}

export interface ProjectionStd {
  readonly query: number;
  readonly key: number;
  readonly value: number;
  readonly output: number;
}

const BART_NAMES: ProjectionNames = {
  query: 'q_proj',
  key: 'k_proj',
  value: 'v_proj',
  output: 'out_proj',
};

/** Separate q / k / v (/ out) projections around `attend`. */
export class MultiHeadAttention extends Module {
  readonly qProj: Linear;
  readonly kProj: Linear;
  readonly vProj: Linear;
  readonly outProj: Linear | null;

  constructor(readonly config: MultiHeadAttentionConfig) {
    super();
    const { embedDim: C, numHeads: H, kvDim = C, bias = true, rng } = config;
    const D = config.headDim ?? C / H;
    if (config.headDim === undefined && C % H !== 0)
      throw new Error(`MultiHeadAttention: embedDim ${C} is not divisible by numHeads ${H}`);
    const inner = H * D;
    const names = config.names ?? BART_NAMES;
    const std = (which: keyof ProjectionStd) =>
      typeof config.std === 'object' ? config.std[which] : config.std;
    const linear = (name: string, i: number, o: number, which: keyof ProjectionStd) =>
      this.registerModule(name, new Linear(i, o, { bias, std: std(which), rng }));
    this.qProj = linear(names.query, C, inner, 'query');
    this.kProj = linear(names.key, kvDim, inner, 'key');
    this.vProj = linear(names.value, kvDim, inner, 'value');
    this.outProj = names.output === null ? null : linear(names.output, inner, C, 'output');
  }

  forward(x: Tensor, options: AttendOptions = {}): Tensor {
    const source = options.kv ?? x;
    const y = attend(
      this,
      this.config,
      this.qProj.forward(x), // [B, T, H·D]
      () => [this.kProj.forward(source), this.vProj.forward(source)], // [B, S, H·D]
      options,
    );
    return this.outProj ? this.outProj.forward(y) : y; // [B, T, C]
  }
}

export interface FusedSelfAttentionConfig extends HeadsConfig {
  readonly embedDim: number;
  /** std of c_attn; c_proj's may differ (GPT-2 scales it by 1/√(2·layers)). */
  readonly std?: number;
  readonly outputStd?: number;
  readonly rng?: Rng;
}

/**
 * GPT-2's self-attention: one Conv1D `c_attn` [C, 3C] makes q, k and v at once, a Conv1D
 * `c_proj` mixes the heads (names as HF's GPT2Attention, so checkpoints and PEFT's
 * `target_modules: ['c_attn']` find them).
 */
export class FusedSelfAttention extends Module {
  readonly cAttn: Conv1D;
  readonly cProj: Conv1D;

  constructor(readonly config: FusedSelfAttentionConfig) {
    super();
    const { embedDim: C, numHeads: H, std, rng } = config;
    if (C % H !== 0)
      throw new Error(`FusedSelfAttention: embedDim ${C} is not divisible by numHeads ${H}`);
    this.cAttn = this.registerModule('c_attn', new Conv1D(C, 3 * C, { std, rng }));
    this.cProj = this.registerModule(
      'c_proj',
      new Conv1D(C, C, { std: config.outputStd ?? std, rng }),
    );
  }

  forward(x: Tensor, options: Omit<AttendOptions, 'kv'> = {}): Tensor {
    const C = this.config.embedDim;
    const [q, k, v] = this.cAttn.forward(x).split(C, -1) as [Tensor, Tensor, Tensor]; // 3 × [B, T, C]
    return this.cProj.forward(attend(this, this.config, q, () => [k, v], options)); // [B, T, C]
  }
}
