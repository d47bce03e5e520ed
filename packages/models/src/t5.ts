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
  Dropout,
  Embedding,
  KVCache,
  Linear,
  Module,
  ModuleList,
  mergeHeads,
  RelativePositionBias,
  RMSNorm,
  splitHeads,
} from '@llm/layers';
import {
  crossEntropy,
  defaultRng,
  type Rng,
  scaledDotProductAttention,
  type Tensor,
  tensor,
} from '@llm/tensor-core';
import { ConfigError, field, size } from './config-error.js';
import type { GenerationState } from './generation.js';
import type {
  Architecture,
  ForwardOptions,
  ModelInputs,
  ModelOutput,
  PretrainedModel,
} from './model.js';

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

type Full = Required<T5Config>;
type AttentionOptions = { causal: boolean; mask?: Tensor; bias: Tensor | null; rng: Rng };

/** Self- or cross-attention without biases and without 1/√D scaling (T5 folds it into init). */
class T5Attention extends Module {
  readonly q: Linear;
  readonly k: Linear;
  readonly v: Linear;
  readonly o: Linear;
  readonly relativeBias: RelativePositionBias | null;

  constructor(
    private readonly c: Full,
    rng: Rng,
    withBias: boolean,
    bidirectional: boolean,
  ) {
    super();
    const f = c.initializerFactor;
    const inner = c.numHeads * c.headDim;
    // HF's T5 init: q ~ N(0, (C·D)^-1), k and v ~ N(0, C^-1), o ~ N(0, (H·D)^-1)
    this.q = this.registerModule(
      'q',
      new Linear(c.embedDim, inner, {
        bias: false,
        std: f * (c.embedDim * c.headDim) ** -0.5,
        rng,
      }),
    );
    this.k = this.registerModule(
      'k',
      new Linear(c.embedDim, inner, { bias: false, std: f * c.embedDim ** -0.5, rng }),
    );
    this.v = this.registerModule(
      'v',
      new Linear(c.embedDim, inner, { bias: false, std: f * c.embedDim ** -0.5, rng }),
    );
    this.o = this.registerModule(
      'o',
      new Linear(inner, c.embedDim, { bias: false, std: f * inner ** -0.5, rng }),
    );
    this.relativeBias = null;
    if (withBias) {
      const bias = new RelativePositionBias({
        numBuckets: c.relativeAttentionNumBuckets,
        maxDistance: c.relativeAttentionMaxDistance,
        numHeads: c.numHeads,
        bidirectional,
        std: f * c.embedDim ** -0.5,
        rng,
      });
      // HF keeps the bias embedding directly under the attention: …SelfAttention.relative_attention_bias.weight
      this.relativeBias = bias;
      this.registerModule('relative_attention_bias', bias.embedding);
    }
  }

  /** Keys and values of `kv`, split into heads: 2 × [B, H, S, D]. */
  project(kv: Tensor): [Tensor, Tensor] {
    const H = this.c.numHeads;
    return [splitHeads(this.k.forward(kv), H), splitHeads(this.v.forward(kv), H)];
  }

  /** Attention of x's queries over given keys and values (generation passes cached ones). */
  attend(x: Tensor, keys: Tensor, values: Tensor, options: AttentionOptions): Tensor {
    const y = scaledDotProductAttention(
      splitHeads(this.q.forward(x), this.c.numHeads),
      keys,
      values,
      {
        causal: options.causal,
        keyPaddingMask: options.mask ?? null,
        bias: options.bias,
        scale: 1,
        dropout: this.training ? this.c.dropout : 0,
        training: this.training,
        rng: options.rng,
      },
    ); // [B, H, T, D]
    return this.o.forward(mergeHeads(y)); // [B, T, C]
  }

  forward(x: Tensor, kv: Tensor, options: AttentionOptions): Tensor {
    const [keys, values] = this.project(kv);
    return this.attend(x, keys, values, options);
  }
}

/** One residual sub-layer: x + dropout(sublayer(RMSNorm(x))), as HF's T5LayerSelfAttention / …CrossAttention / …FF. */
class T5SubLayer extends Module {
  readonly layerNorm: RMSNorm;
  readonly dropout: Dropout;
  constructor(c: Full) {
    super();
    this.layerNorm = this.registerModule(
      'layer_norm',
      new RMSNorm(c.embedDim, { eps: c.layerNormEps }),
    );
    this.dropout = this.registerModule('dropout', new Dropout(c.dropout));
  }
}

class T5SelfAttentionLayer extends T5SubLayer {
  readonly attention: T5Attention;
  constructor(c: Full, rng: Rng, withBias: boolean, bidirectional: boolean) {
    super(c);
    this.attention = this.registerModule(
      'SelfAttention',
      new T5Attention(c, rng, withBias, bidirectional),
    );
  }
  forward(
    x: Tensor,
    options: { causal: boolean; mask?: Tensor; bias: Tensor | null; rng: Rng },
  ): Tensor {
    const h = this.layerNorm.forward(x);
    return x.add(this.dropout.forward(this.attention.forward(h, h, options)));
  }
}

class T5CrossAttentionLayer extends T5SubLayer {
  readonly attention: T5Attention;
  constructor(c: Full, rng: Rng) {
    super(c);
    this.attention = this.registerModule('EncDecAttention', new T5Attention(c, rng, false, true));
  }
  forward(x: Tensor, encoded: Tensor, mask: Tensor | undefined, rng: Rng): Tensor {
    const h = this.layerNorm.forward(x);
    return x.add(
      this.dropout.forward(
        this.attention.forward(h, encoded, { causal: false, mask, bias: null, rng }),
      ),
    );
  }
}

class T5DenseReluDense extends Module {
  readonly wi: Linear | null = null;
  readonly wi0: Linear | null = null;
  readonly wi1: Linear | null = null;
  readonly wo: Linear;
  readonly dropout: Dropout;

  constructor(c: Full, rng: Rng) {
    super();
    const f = c.initializerFactor;
    const inStd = f * c.embedDim ** -0.5;
    if (c.feedForward === 'gated-gelu') {
      this.wi0 = this.registerModule(
        'wi_0',
        new Linear(c.embedDim, c.hiddenDim, { bias: false, std: inStd, rng }),
      );
      this.wi1 = this.registerModule(
        'wi_1',
        new Linear(c.embedDim, c.hiddenDim, { bias: false, std: inStd, rng }),
      );
    } else {
      this.wi = this.registerModule(
        'wi',
        new Linear(c.embedDim, c.hiddenDim, { bias: false, std: inStd, rng }),
      );
    }
    this.dropout = this.registerModule('dropout', new Dropout(c.dropout));
    this.wo = this.registerModule(
      'wo',
      new Linear(c.hiddenDim, c.embedDim, { bias: false, std: f * c.hiddenDim ** -0.5, rng }),
    );
  }

  forward(x: Tensor): Tensor {
    const h = this.wi
      ? this.wi.forward(x).relu()
      : this.wi0!.forward(x).gelu('tanh').mul(this.wi1!.forward(x)); // [B, T, F]
    return this.wo.forward(this.dropout.forward(h)); // [B, T, C]
  }
}

class T5FeedForwardLayer extends T5SubLayer {
  readonly denseReluDense: T5DenseReluDense;
  constructor(c: Full, rng: Rng) {
    super(c);
    this.denseReluDense = this.registerModule('DenseReluDense', new T5DenseReluDense(c, rng));
  }
  forward(x: Tensor): Tensor {
    return x.add(this.dropout.forward(this.denseReluDense.forward(this.layerNorm.forward(x))));
  }
}

class T5Block extends Module {
  readonly selfAttention: T5SelfAttentionLayer;
  readonly crossAttention: T5CrossAttentionLayer | null;
  readonly feedForward: T5FeedForwardLayer;

  constructor(c: Full, rng: Rng, isDecoder: boolean, withBias: boolean) {
    super();
    const layers: Module[] = [];
    this.selfAttention = new T5SelfAttentionLayer(c, rng, withBias, !isDecoder);
    layers.push(this.selfAttention);
    this.crossAttention = isDecoder ? new T5CrossAttentionLayer(c, rng) : null;
    if (this.crossAttention) layers.push(this.crossAttention);
    this.feedForward = new T5FeedForwardLayer(c, rng);
    layers.push(this.feedForward);
    this.registerModule('layer', new ModuleList(layers)); // HF: block.i.layer.0/1/2
  }
}

/** HF's T5Stack: blocks, a final RMS norm, dropout; the first block owns the position bias. */
class T5Stack extends Module {
  readonly block: ModuleList<T5Block>;
  readonly finalLayerNorm: RMSNorm;
  readonly dropout: Dropout;

  constructor(
    c: Full,
    rng: Rng,
    readonly isDecoder: boolean,
    n: number,
  ) {
    super();
    this.block = this.registerModule(
      'block',
      new ModuleList(Array.from({ length: n }, (_, i) => new T5Block(c, rng, isDecoder, i === 0))),
    );
    this.finalLayerNorm = this.registerModule(
      'final_layer_norm',
      new RMSNorm(c.embedDim, { eps: c.layerNormEps }),
    );
    this.dropout = this.registerModule('dropout', new Dropout(c.dropout));
  }

  forward(
    embedded: Tensor, // [B, T, C]
    mask: Tensor | undefined,
    encoded: Tensor | null,
    encoderMask: Tensor | undefined,
    rng: Rng,
    hidden: Tensor[] | null,
  ): Tensor {
    const T = embedded.shape[1]!;
    let x = this.dropout.forward(embedded);
    // computed once by the first block's attention, shared by every block (as HF)
    const bias = this.block.at(0).selfAttention.attention.relativeBias!.forward(T, T); // [1, H, T, T]
    for (const block of this.block) {
      hidden?.push(x);
      x = block.selfAttention.forward(x, { causal: this.isDecoder, mask, bias, rng });
      if (block.crossAttention && encoded)
        x = block.crossAttention.forward(x, encoded, encoderMask, rng);
      x = block.feedForward.forward(x);
    }
    x = this.dropout.forward(this.finalLayerNorm.forward(x));
    hidden?.push(x);
    return x;
  }
}

export class T5ForConditionalGeneration extends Module implements PretrainedModel {
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
    this.config = {
      numDecoderLayers: config.numLayers,
      feedForward: 'relu',
      relativeAttentionNumBuckets: 32,
      relativeAttentionMaxDistance: 128,
      dropout: 0.1,
      layerNormEps: 1e-6,
      initializerFactor: 1,
      tieWordEmbeddings: true,
      padTokenId: 0,
      eosTokenId: 1,
      decoderStartTokenId: 0,
      ...config,
    };
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
  encode(inputIds: Tensor, attentionMask?: Tensor, hidden: Tensor[] | null = null): Tensor {
    return this.encoder.forward(
      this.shared.forward(inputIds),
      attentionMask,
      null,
      undefined,
      defaultRng(),
      hidden,
    );
  }

  forward(inputs: ModelInputs, options: ForwardOptions = {}): ModelOutput {
    const { inputIds, attentionMask, labels } = inputs;
    const keep = options.outputHiddenStates ?? false;
    const encoderHidden: Tensor[] | null = keep ? [] : null;
    const decoderHidden: Tensor[] | null = keep ? [] : null;
    const encoded = this.encode(inputIds, attentionMask, encoderHidden); // [B, T, C]
    const decoderInputIds = inputs.decoderInputIds ?? (labels ? this.shiftRight(labels) : null);
    if (decoderInputIds === null) throw new Error('T5: needs decoderInputIds or labels');
    const decoded = this.decoder.forward(
      this.shared.forward(decoderInputIds),
      inputs.decoderAttentionMask,
      encoded,
      attentionMask,
      defaultRng(),
      decoderHidden,
    ); // [B, U, C]
    // tied head: rescale by C^-0.5 first (T5 was trained with it), as HF
    const h = this.config.tieWordEmbeddings ? decoded.mul(this.config.embedDim ** -0.5) : decoded;
    const logits = h.matmul(this.lmHead, { transB: true }); // [B, U, V]
    const loss = labels
      ? crossEntropy(logits.reshape(-1, this.config.vocabSize), labels.reshape(-1))
      : undefined;
    return {
      logits,
      loss,
      hiddenStates: decoderHidden ?? undefined,
      encoderHiddenStates: encoderHidden ?? undefined,
      encoderLastHiddenState: encoded,
    };
  }

  startGeneration(
    inputIds: Tensor,
    options: { attentionMask?: Tensor; useCache?: boolean } = {},
  ): GenerationState {
    return new T5Generation(this, inputIds, options.attentionMask, options.useCache ?? true);
  }

  toHfConfig(): Record<string, unknown> {
    const c = this.config;
    return {
      model_type: 't5',
      architectures: ['T5ForConditionalGeneration'],
      vocab_size: c.vocabSize,
      d_model: c.embedDim,
      d_kv: c.headDim,
      d_ff: c.hiddenDim,
      num_layers: c.numLayers,
      num_decoder_layers: c.numDecoderLayers,
      num_heads: c.numHeads,
      relative_attention_num_buckets: c.relativeAttentionNumBuckets,
      relative_attention_max_distance: c.relativeAttentionMaxDistance,
      dropout_rate: c.dropout,
      layer_norm_epsilon: c.layerNormEps,
      initializer_factor: c.initializerFactor,
      feed_forward_proj: c.feedForward,
      is_encoder_decoder: true,
      tie_word_embeddings: c.tieWordEmbeddings,
      pad_token_id: c.padTokenId,
      eos_token_id: c.eosTokenId,
      decoder_start_token_id: c.decoderStartTokenId,
      torch_dtype: 'float32',
    };
  }

  checkpointTensors(): Record<string, Tensor> {
    return Object.fromEntries(this.namedParameters());
  }
}

/**
 * T5 decoding: the encoder runs once; each step feeds one decoder token, with every block's
 * self-attention keys / values cached and its cross-attention keys / values computed once
 * from the encoder output. Without the cache, the decoder re-runs the whole prefix.
 */
class T5Generation implements GenerationState {
  logits: Tensor; // [B, V]
  private encoded: Tensor; // [B, T, C]
  private encoderMask: Tensor | undefined;
  private cross: [Tensor, Tensor][]; // per decoder block, [B, H, T, D] each
  private selfCaches: KVCache[] = [];
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
    this.cross = model.decoder.block.items.map((b) =>
      b.crossAttention!.attention.project(this.encoded),
    );
    this.ids = Array.from({ length: B }, () => [model.config.decoderStartTokenId]);
    this.logits = this.run();
  }

  private run(): Tensor {
    const m = this.model;
    const dec = m.decoder;
    const B = this.ids.length;
    const S = this.ids[0]!.length; // decoder positions so far
    const from = this.useCache ? S - 1 : 0;
    if (!this.useCache || S === 1) this.selfCaches = dec.block.items.map(() => new KVCache());
    const rng = defaultRng();
    const T = S - from;
    let x = m.shared.forward(
      tensor(Int32Array.from(this.ids.flatMap((r) => r.slice(from))), [B, T]),
    ); // [B, T, C]
    const bias = dec.block.at(0).selfAttention.attention.relativeBias!.forward(T, S, from); // [1, H, T, S]
    dec.block.items.forEach((block, i) => {
      const sa = block.selfAttention;
      const h = sa.layerNorm.forward(x);
      const [k, v] = this.selfCaches[i]!.append(...sa.attention.project(h));
      x = x.add(sa.attention.attend(h, k, v, { causal: true, bias, rng }));
      const ca = block.crossAttention!;
      const [ck, cv] = this.cross[i]!;
      x = x.add(
        ca.attention.attend(ca.layerNorm.forward(x), ck, cv, {
          causal: false,
          mask: this.encoderMask,
          bias: null,
          rng,
        }),
      );
      x = block.feedForward.forward(x);
    });
    const last = dec.finalLayerNorm.forward(x.slice(1, T - 1)).reshape(B, m.config.embedDim); // [B, C]
    const h = m.config.tieWordEmbeddings ? last.mul(m.config.embedDim ** -0.5) : last;
    return h.matmul(m.lmHead, { transB: true }); // [B, V]
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
    for (const c of this.selfCaches) c.reorder(index);
    this.encoded = this.encoded.indexSelect(0, index);
    if (this.encoderMask) this.encoderMask = this.encoderMask.indexSelect(0, index);
    this.cross = this.cross.map(([k, v]) => [k.indexSelect(0, index), v.indexSelect(0, index)]);
    this.logits = this.logits.indexSelect(0, index);
  }
}

export const t5Architecture: Architecture = {
  modelType: 't5',
  architectures: ['T5ForConditionalGeneration'],
  fromHfConfig(hf) {
    const proj = field(hf, 'feed_forward_proj', 'string', 'relu');
    if (proj !== 'relu' && proj !== 'gated-gelu') {
      throw new ConfigError(
        `config.json: feed_forward_proj '${proj}' is not supported (relu, gated-gelu)`,
      );
    }
    return new T5ForConditionalGeneration({
      vocabSize: size(hf, 'vocab_size'),
      embedDim: size(hf, 'd_model'),
      headDim: size(hf, 'd_kv'),
      hiddenDim: size(hf, 'd_ff'),
      numLayers: size(hf, 'num_layers'),
      numDecoderLayers: size(hf, 'num_decoder_layers', size(hf, 'num_layers')),
      numHeads: size(hf, 'num_heads'),
      feedForward: proj,
      relativeAttentionNumBuckets: size(hf, 'relative_attention_num_buckets', 32),
      relativeAttentionMaxDistance: size(hf, 'relative_attention_max_distance', 128),
      dropout: field(hf, 'dropout_rate', 'number', 0.1),
      layerNormEps: field(hf, 'layer_norm_epsilon', 'number', 1e-6),
      initializerFactor: field(hf, 'initializer_factor', 'number', 1),
      tieWordEmbeddings: field(hf, 'tie_word_embeddings', 'boolean', true),
      padTokenId: field(hf, 'pad_token_id', 'number', 0),
      eosTokenId: field(hf, 'eos_token_id', 'number', 1),
      decoderStartTokenId: field(hf, 'decoder_start_token_id', 'number', 0),
    });
  },
};
