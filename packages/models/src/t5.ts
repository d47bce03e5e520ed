/**
 * T5, read top to bottom: a shared token embedding; an encoder of pre-norm blocks
 * (RMS norm → self-attention with a relative position bias → RMS norm → feed-forward);
 * a decoder of the same with causal self-attention and cross-attention to the encoder;
 * and an LM head tied to the embedding with T5's d_model^-0.5 rescale. v1.0 (ReLU) and
 * v1.1 (gated GELU). Parameter names are Hugging Face's T5ForConditionalGeneration's.
 *
 *   const t5 = new T5ForConditionalGeneration({ vocabSize: 32128, embedDim: 512, numLayers: 6, numHeads: 8, headDim: 64, hiddenDim: 2048 });
 *   const { logits, loss } = t5.forward({ inputIds, attentionMask, labels });   // decoder inputs = labels shifted right
 *
 * Shapes: B batch, T encoder time, U decoder time, C channels (d_model), H heads,
 * D head size (d_kv), F feed-forward width (d_ff), V vocab.
 */
import {
  type AttentionCache,
  Dropout,
  Embedding,
  FeedForward,
  KVCache,
  Module,
  ModuleList,
  MultiHeadAttention,
  PreNormResidual,
  RelativePositionBias,
  RMSNorm,
  StaticKVCache,
} from '@llm/layers';
import { crossEntropy, defaultRng, type Rng, type Tensor, tensor } from '@llm/tensor-core';
import { ConfigError } from './config-error.js';
import { configFromHf, configToHf, resolveConfig, schema } from './config-schema.js';
import type { GenerationStart, GenerationState } from './generation.js';
import type { Architecture, ForwardOptions, ModelInputs, ModelOutput } from './model.js';
import { PretrainedModule } from './model.js';

export interface T5Config {
  readonly vocabSize: number;
  /** C: HF d_model. */
  readonly embedDim: number;
  /** Encoder blocks (HF num_layers); the decoder's default to the same. */
  readonly numLayers: number;
  readonly numDecoderLayers?: number;
  readonly numHeads: number;
  /** D: HF d_kv (not necessarily C / H). */
  readonly headDim: number;
  /** F: HF d_ff. */
  readonly hiddenDim: number;
  /** 'relu' (T5 v1.0) or 'gated-gelu' (v1.1, flan-t5). */
  readonly feedForward?: 'relu' | 'gated-gelu';
  readonly relativeAttentionNumBuckets?: number;
  readonly relativeAttentionMaxDistance?: number;
  readonly dropout?: number;
  readonly layerNormEps?: number;
  /** HF initializer_factor (scales T5's own init rule). */
  readonly initializerFactor?: number;
  readonly tieWordEmbeddings?: boolean;
  readonly padTokenId?: number;
  readonly eosTokenId?: number;
  readonly decoderStartTokenId?: number;
}

/** Each field's config.json key, type and default — the only place T5's defaults live. */
export const t5ConfigSchema = schema<T5Config>({
  vocabSize: { hf: 'vocab_size', kind: 'size' },
  embedDim: { hf: 'd_model', kind: 'size' },
  numLayers: { hf: 'num_layers', kind: 'size' },
  numDecoderLayers: { hf: 'num_decoder_layers', kind: 'size', default: (c) => c.numLayers },
  numHeads: { hf: 'num_heads', kind: 'size' },
  headDim: { hf: 'd_kv', kind: 'size' },
  hiddenDim: { hf: 'd_ff', kind: 'size' },
  feedForward: {
    hf: 'feed_forward_proj',
    kind: 'string',
    default: 'relu',
    oneOf: ['relu', 'gated-gelu'],
  },
  relativeAttentionNumBuckets: { hf: 'relative_attention_num_buckets', kind: 'size', default: 32 },
  relativeAttentionMaxDistance: {
    hf: 'relative_attention_max_distance',
    kind: 'size',
    default: 128,
  },
  dropout: { hf: 'dropout_rate', kind: 'probability', default: 0.1 },
  layerNormEps: { hf: 'layer_norm_epsilon', kind: 'number', default: 1e-6 },
  initializerFactor: { hf: 'initializer_factor', kind: 'number', default: 1 },
  tieWordEmbeddings: { hf: 'tie_word_embeddings', kind: 'boolean', default: true },
  padTokenId: { hf: 'pad_token_id', kind: 'count', default: 0 },
  eosTokenId: { hf: 'eos_token_id', kind: 'count', default: 1 },
  decoderStartTokenId: { hf: 'decoder_start_token_id', kind: 'count', default: 0 },
});

// T5Config keys derived from feed_forward_proj (checked in fromHfConfig) or unused here
// (n_positions is only a hint for tokenizers: T5's positions are relative).
const T5_OTHER_KEYS = ['dense_act_fn', 'is_gated_act', 'n_positions'];

type Full = Required<T5Config>;

/** Self- or cross-attention: q / k / v / o without biases and without 1/√D (T5 folds it into init). */
function t5Attention(c: Full, rng: Rng): MultiHeadAttention {
  const f = c.initializerFactor;
  const inner = c.numHeads * c.headDim;
  return new MultiHeadAttention({
    embedDim: c.embedDim,
    numHeads: c.numHeads,
    headDim: c.headDim,
    bias: false,
    scale: 1,
    dropout: c.dropout,
    // HF's T5 init: q ~ N(0, (C·D)^-1), k and v ~ N(0, C^-1), o ~ N(0, (H·D)^-1)
    std: {
      query: f * (c.embedDim * c.headDim) ** -0.5,
      key: f * c.embedDim ** -0.5,
      value: f * c.embedDim ** -0.5,
      output: f * inner ** -0.5,
    },
    names: { query: 'q', key: 'k', value: 'v', output: 'o' },
    rng,
  });
}

/** HF's T5DenseActDense (wi → ReLU → wo) or T5DenseGatedActDense (gelu_new(wi_0) ⊙ wi_1 → wo). */
function t5FeedForward(c: Full, rng: Rng): FeedForward {
  const f = c.initializerFactor;
  const gated = c.feedForward === 'gated-gelu';
  return new FeedForward({
    embedDim: c.embedDim,
    hiddenDim: c.hiddenDim,
    activation: gated ? 'gelu_new' : 'relu',
    gated,
    bias: false,
    dropout: c.dropout,
    std: f * c.embedDim ** -0.5,
    outputStd: f * c.hiddenDim ** -0.5,
    names: gated ? { input: 'wi_0', gate: 'wi_1', output: 'wo' } : { input: 'wi', output: 'wo' },
    rng,
  });
}

/** x + dropout(sublayer(RMSNorm(x))): HF's T5LayerSelfAttention / …CrossAttention / …FF. */
function t5SubLayer<L extends Module>(c: Full, name: string, layer: L): PreNormResidual<L> {
  const norm = new RMSNorm(c.embedDim, { eps: c.layerNormEps });
  return new PreNormResidual({ layer, layerName: name, norm, dropout: c.dropout });
}

class T5Block extends Module {
  readonly selfAttention: PreNormResidual<MultiHeadAttention>;
  readonly crossAttention: PreNormResidual<MultiHeadAttention> | null;
  readonly feedForward: PreNormResidual<FeedForward>;

  constructor(c: Full, rng: Rng, isDecoder: boolean) {
    super();
    this.selfAttention = t5SubLayer(c, 'SelfAttention', t5Attention(c, rng));
    this.crossAttention = isDecoder ? t5SubLayer(c, 'EncDecAttention', t5Attention(c, rng)) : null;
    this.feedForward = t5SubLayer(c, 'DenseReluDense', t5FeedForward(c, rng));
    const layers = [this.selfAttention, this.crossAttention, this.feedForward];
    this.registerModule('layer', new ModuleList(layers.filter((l) => l !== null))); // HF: block.i.layer.0/1/2
  }

  forward(x: Tensor, o: StackStep): Tensor {
    const self = {
      causal: o.causal,
      keyPaddingMask: o.mask ?? null,
      bias: o.bias,
      cache: o.selfCache,
    };
    let h = this.selfAttention.forward(x, (attn, n) => attn.forward(n, self));
    if (this.crossAttention && o.encoded) {
      const cross = { kv: o.encoded, keyPaddingMask: o.encoderMask ?? null, cache: o.crossCache };
      h = this.crossAttention.forward(h, (attn, n) => attn.forward(n, cross));
    }
    return this.feedForward.forward(h); // [B, T, C]
  }
}

/** What one block needs beyond its input. */
interface StackStep {
  readonly causal: boolean;
  readonly mask?: Tensor;
  readonly bias: Tensor;
  readonly encoded?: Tensor;
  readonly encoderMask?: Tensor;
  readonly selfCache?: AttentionCache;
  readonly crossCache?: AttentionCache;
}

/** One decoder block's caches: its self-attention keys grow, its cross-attention keys are computed once. */
export interface T5DecoderCache {
  readonly self: KVCache;
  readonly cross: StaticKVCache;
}

export interface T5StackOptions {
  /** [B, T]: this stack's padding mask. */
  readonly mask?: Tensor;
  /** Decoder: the encoder's output [B, S, C] and its mask [B, S]. */
  readonly encoded?: Tensor;
  readonly encoderMask?: Tensor;
  /** Generation: one per block; the inputs are then the positions after the cached ones. */
  readonly caches?: readonly T5DecoderCache[];
  /** Receives the input of every block, then the output. */
  readonly hidden?: Tensor[];
}

/** HF's T5Stack: blocks, a final RMS norm, dropout; the first block owns the position bias. */
class T5Stack extends Module {
  readonly block: ModuleList<T5Block>;
  readonly finalLayerNorm: RMSNorm;
  readonly dropout: Dropout;
  private readonly relativeBias: RelativePositionBias;

  constructor(
    c: Full,
    rng: Rng,
    readonly isDecoder: boolean,
    n: number,
  ) {
    super();
    let relativeBias: RelativePositionBias | undefined;
    this.block = this.registerModule(
      'block',
      new ModuleList(
        Array.from({ length: n }, (_, i) => {
          const block = new T5Block(c, rng, isDecoder);
          // HF keeps the bias table directly under the first block's attention:
          // block.0.layer.0.SelfAttention.relative_attention_bias.weight
          if (i === 0) {
            const f = c.initializerFactor;
            relativeBias = new RelativePositionBias({
              numBuckets: c.relativeAttentionNumBuckets,
              maxDistance: c.relativeAttentionMaxDistance,
              numHeads: c.numHeads,
              bidirectional: !isDecoder,
              std: f * c.embedDim ** -0.5,
              rng,
            });
            block.selfAttention.layer.registerModule(
              'relative_attention_bias',
              relativeBias.embedding,
            );
          }
          return block;
        }),
      ),
    );
    if (relativeBias === undefined) throw new Error('T5: a stack needs at least one block');
    this.relativeBias = relativeBias;
    this.finalLayerNorm = this.registerModule(
      'final_layer_norm',
      new RMSNorm(c.embedDim, { eps: c.layerNormEps }),
    );
    this.dropout = this.registerModule('dropout', new Dropout(c.dropout));
  }

  /** embedded [B, T, C] → [B, T, C]. Training and generation (with caches) both run this. */
  forward(embedded: Tensor, options: T5StackOptions = {}): Tensor {
    const T = embedded.shape[1]!;
    const past = options.caches?.[0]?.self.length ?? 0; // positions already cached
    let x = this.dropout.forward(embedded);
    // computed once for the stack, shared by every block (as HF); queries start at `past`
    const bias = this.relativeBias.forward(T, past + T, past); // [1, H, T, S]
    this.block.items.forEach((block, i) => {
      options.hidden?.push(x);
      x = block.forward(x, {
        causal: this.isDecoder,
        mask: options.mask,
        bias,
        encoded: options.encoded,
        encoderMask: options.encoderMask,
        selfCache: options.caches?.[i]?.self,
        crossCache: options.caches?.[i]?.cross,
      });
    });
    x = this.dropout.forward(this.finalLayerNorm.forward(x));
    options.hidden?.push(x);
    return x;
  }
}

export class T5ForConditionalGeneration extends PretrainedModule {
  readonly config: Full;
  readonly shared: Embedding;
  readonly encoder: T5Stack;
  readonly decoder: T5Stack;
  /** The LM head's weight: `shared` itself when tied (then logits are rescaled by C^-0.5). */
  readonly lmHead: Tensor;
  /** Initialisation only: dropout draws from the global generator (manualSeed, train({ seed })) when it runs. */
  private readonly rng: Rng;

  constructor(config: T5Config, options: { rng?: Rng } = {}) {
    super();
    this.config = resolveConfig(t5ConfigSchema, config, 'T5');
    const c = this.config;
    this.rng = options.rng ?? defaultRng();
    this.shared = this.registerModule(
      'shared',
      new Embedding(c.vocabSize, c.embedDim, { std: c.initializerFactor, rng: this.rng }),
    );
    this.encoder = this.registerModule('encoder', new T5Stack(c, this.rng, false, c.numLayers));
    this.decoder = this.registerModule(
      'decoder',
      new T5Stack(c, this.rng, true, c.numDecoderLayers),
    );
    if (c.tieWordEmbeddings) {
      this.lmHead = this.shared.weight;
    } else {
      const head = this.registerModule('lm_head', new Module());
      this.lmHead = head.registerParameter('weight', this.shared.weight.clone().detach());
    }
  }

  /** Labels shifted right, starting from decoderStartTokenId, with -100 → pad (HF's _shift_right). */
  shiftRight(labels: Tensor): Tensor {
    const [B, U] = labels.shape as [number, number];
    const out = new Int32Array(B * U);
    for (let b = 0; b < B; b++) {
      out[b * U] = this.config.decoderStartTokenId;
      for (let u = 1; u < U; u++) {
        const v = labels.data[b * U + u - 1]!;
        out[b * U + u] = v === -100 ? this.config.padTokenId : v;
      }
    }
    return tensor(out, [B, U]);
  }

  /** The encoder alone: [B, T] ids → [B, T, C] (generation reuses it across steps). */
  encode(inputIds: Tensor, attentionMask?: Tensor, hidden?: Tensor[]): Tensor {
    return this.encoder.forward(this.shared.forward(inputIds), { mask: attentionMask, hidden });
  }

  /**
   * The decoder and LM head: decoder ids [B, U] → logits [B, U, V]. Generation passes its
   * caches and only the new ids; training passes every position.
   */
  decode(decoderInputIds: Tensor, options: T5StackOptions): Tensor {
    const decoded = this.decoder.forward(this.shared.forward(decoderInputIds), options); // [B, U, C]
    return this.lmLogits(decoded);
  }

  /** [..., C] → [..., V]; a tied head rescales by C^-0.5 first (T5 was trained with it), as HF. */
  lmLogits(h: Tensor): Tensor {
    const scaled = this.config.tieWordEmbeddings ? h.mul(this.config.embedDim ** -0.5) : h;
    return scaled.matmul(this.lmHead, { transB: true });
  }

  forward(inputs: ModelInputs, options: ForwardOptions = {}): ModelOutput {
    const { inputIds, attentionMask, labels } = inputs;
    const keep = options.outputHiddenStates ?? false;
    const encoderHidden: Tensor[] | undefined = keep ? [] : undefined;
    const decoderHidden: Tensor[] | undefined = keep ? [] : undefined;
    const encoded = this.encode(inputIds, attentionMask, encoderHidden); // [B, T, C]
    const decoderInputIds = inputs.decoderInputIds ?? (labels ? this.shiftRight(labels) : null);
    if (decoderInputIds === null) throw new Error('T5: needs decoderInputIds or labels');
    const logits = this.decode(decoderInputIds, {
      mask: inputs.decoderAttentionMask,
      encoded,
      encoderMask: attentionMask,
      hidden: decoderHidden,
    }); // [B, U, V]
    const loss = labels
      ? crossEntropy(logits.reshape(-1, this.config.vocabSize), labels.reshape(-1))
      : undefined;
    return {
      logits,
      loss,
      hiddenStates: decoderHidden,
      encoderHiddenStates: encoderHidden,
      encoderLastHiddenState: encoded,
    };
  }

  startGeneration(inputIds: Tensor, options: GenerationStart = {}): GenerationState {
    return new T5Generation(this, inputIds, options.attentionMask, options.useCache ?? true);
  }

  toHfConfig(): Record<string, unknown> {
    const gated = this.config.feedForward === 'gated-gelu';
    return {
      model_type: 't5',
      architectures: ['T5ForConditionalGeneration'],
      ...configToHf(t5ConfigSchema, this.config),
      // what HF's T5Config derives from feed_forward_proj
      dense_act_fn: gated ? 'gelu_new' : 'relu',
      is_gated_act: gated,
      is_encoder_decoder: true,
      torch_dtype: 'float32',
    };
  }
}

/**
 * T5 decoding: the encoder runs once; each step feeds the new decoder token through the
 * same decoder forward as training, with every block's self-attention keys / values
 * cached and its cross-attention keys / values projected once from the encoder output.
 * Without the cache, the decoder re-runs the whole prefix.
 */
class T5Generation implements GenerationState {
  logits: Tensor; // [B, V]
  private encoded: Tensor; // [B, T, C]
  private encoderMask: Tensor | undefined;
  private caches: T5DecoderCache[] = [];
  private ids: number[][];

  constructor(
    private readonly model: T5ForConditionalGeneration,
    inputIds: Tensor,
    attentionMask: Tensor | undefined,
    private readonly useCache: boolean,
  ) {
    const B = inputIds.shape[0]!;
    this.encoded = model.encode(inputIds, attentionMask);
    this.encoderMask = attentionMask;
    this.ids = Array.from({ length: B }, () => [model.config.decoderStartTokenId]);
    if (useCache)
      this.caches = model.decoder.block.items.map(() => ({
        self: new KVCache(),
        cross: new StaticKVCache(),
      }));
    this.logits = this.run();
  }

  private run(): Tensor {
    const B = this.ids.length;
    const S = this.ids[0]!.length; // decoder positions so far
    const from = this.useCache ? S - 1 : 0; // the cache holds positions [0, from)
    const T = S - from;
    const ids = tensor(Int32Array.from(this.ids.flatMap((r) => r.slice(from))), [B, T]);
    const logits = this.model.decode(ids, {
      encoded: this.encoded,
      encoderMask: this.encoderMask,
      caches: this.useCache ? this.caches : undefined,
    }); // [B, T, V]
    return logits.slice(1, T - 1).reshape(B, this.model.config.vocabSize); // [B, V]
  }

  step(next: Int32Array): void {
    this.ids.forEach((row, b) => {
      row.push(next[b]!);
    });
    this.logits = this.run();
  }

  reorder(rows: Int32Array): void {
    const index = tensor(rows, [rows.length]);
    this.ids = Array.from(rows, (r) => [...this.ids[r]!]);
    for (const c of this.caches) {
      c.self.reorder(index);
      c.cross.reorder(index);
    }
    this.encoded = this.encoded.indexSelect(0, index);
    if (this.encoderMask) this.encoderMask = this.encoderMask.indexSelect(0, index);
    this.logits = this.logits.indexSelect(0, index);
  }
}

export const t5Architecture: Architecture = {
  modelType: 't5',
  architectures: ['T5ForConditionalGeneration'],
  fromHfConfig(hf) {
    const config = configFromHf(t5ConfigSchema, hf, T5_OTHER_KEYS);
    // dense_act_fn / is_gated_act are derived from feed_forward_proj; a config that sets them
    // otherwise describes a model this file does not build
    const gated = config.feedForward === 'gated-gelu';
    const act = hf.dense_act_fn;
    if (
      (act !== undefined && act !== (gated ? 'gelu_new' : 'relu')) ||
      (hf.is_gated_act !== undefined && hf.is_gated_act !== gated)
    )
      throw new ConfigError(
        `config.json: dense_act_fn '${String(act)}' / is_gated_act ${String(hf.is_gated_act)} do not match feed_forward_proj '${config.feedForward ?? 'relu'}' (supported: relu, gated-gelu)`,
      );
    return new T5ForConditionalGeneration(config);
  },
};
