/**
 * GPT-2, read top to bottom: token + position embeddings, N pre-LN blocks of causal
 * self-attention and an MLP, a final LayerNorm, and an LM head tied to the token
 * embedding. Parameter names are Hugging Face's GPT2LMHeadModel's, so its checkpoints load.
 *
 *   const gpt = new Gpt({ vocabSize: 50257, contextLength: 1024, numLayers: 12, numHeads: 12, embedDim: 768 });
 *   const { logits, loss } = gpt.forward({ inputIds, labels: inputIds });   // labels unshifted, as HF
 *
 * Shapes: B batch, T time, C channels (embedDim), H heads, D = C / H, V vocab.
 */
import {
  type ActivationName,
  activations,
  Conv1D,
  Dropout,
  Embedding,
  FeedForward,
  FusedSelfAttention,
  KVCache,
  LayerNorm,
  Module,
  ModuleList,
  PreLNEncoderBlock,
} from '@llm/layers';
import { arange, crossEntropy, defaultRng, type Rng, type Tensor, tensor } from '@llm/tensor-core';
import { ConfigError } from './config-error.js';
import { configFromHf, configToHf, resolveConfig, schema } from './config-schema.js';
import type { GenerationStart, GenerationState } from './generation.js';
import type { Architecture, ForwardOptions, ModelInputs, ModelOutput } from './model.js';
import { PretrainedModule } from './model.js';

export interface GptConfig {
  /** V: tokens in the vocabulary (50257 for GPT-2). */
  readonly vocabSize: number;
  /** Longest sequence (learned positions): HF n_positions. */
  readonly contextLength: number;
  readonly numLayers: number;
  readonly numHeads: number;
  /** C: HF n_embd. */
  readonly embedDim: number;
  /** MLP width; default 4·C (HF n_inner). */
  readonly hiddenDim?: number;
  /** HF activation_function: 'gelu_new' (tanh approximation, GPT-2's), 'gelu', 'relu', … */
  readonly activation?: ActivationName;
  /** Dropout after embeddings, on attention weights, on residual branches (default 0.1). */
  readonly embedDropout?: number;
  readonly attnDropout?: number;
  readonly residDropout?: number;
  readonly layerNormEps?: number;
  /** std of the normal initialisation (HF initializer_range, default 0.02). */
  readonly initializerRange?: number;
  /** false gives a separate lm_head.weight (HF tie_word_embeddings). */
  readonly tieWordEmbeddings?: boolean;
  readonly bosTokenId?: number;
  readonly eosTokenId?: number;
}

/** Each field's config.json key, type and default — the only place GPT-2's defaults live. */
export const gptConfigSchema = schema<GptConfig>({
  vocabSize: { hf: 'vocab_size', kind: 'size' },
  contextLength: { hf: 'n_positions', kind: 'size' },
  numLayers: { hf: 'n_layer', kind: 'size' },
  numHeads: { hf: 'n_head', kind: 'size' },
  embedDim: { hf: 'n_embd', kind: 'size' },
  // HF writes n_inner: null for the default 4·C
  hiddenDim: {
    hf: 'n_inner',
    kind: 'size',
    default: (c) => 4 * c.embedDim,
    read: (v) => (v === null ? undefined : v) as number,
    write: (v, c) => (v === 4 * c.embedDim ? null : v),
  },
  activation: {
    hf: 'activation_function',
    kind: 'string',
    default: 'gelu_new',
    oneOf: Object.keys(activations) as ActivationName[],
    aliases: { gelu_pytorch_tanh: 'gelu_new' }, // the same function; GPT-2 checkpoints say gelu_new
  },
  embedDropout: { hf: 'embd_pdrop', kind: 'probability', default: 0.1 },
  attnDropout: { hf: 'attn_pdrop', kind: 'probability', default: 0.1 },
  residDropout: { hf: 'resid_pdrop', kind: 'probability', default: 0.1 },
  layerNormEps: { hf: 'layer_norm_epsilon', kind: 'number', default: 1e-5 },
  initializerRange: { hf: 'initializer_range', kind: 'number', default: 0.02 },
  tieWordEmbeddings: { hf: 'tie_word_embeddings', kind: 'boolean', default: true },
  bosTokenId: { hf: 'bos_token_id', kind: 'count', default: 50256 },
  eosTokenId: { hf: 'eos_token_id', kind: 'count', default: 50256 },
});

// GPT2Config keys read elsewhere (attention variants, checked below) or that only HF's
// double-heads / sequence-summary models use.
const GPT2_OTHER_KEYS = [
  'n_ctx',
  'scale_attn_weights',
  'scale_attn_by_inverse_layer_idx',
  'reorder_and_upcast_attn',
  'summary_type',
  'summary_use_proj',
  'summary_activation',
  'summary_proj_to_labels',
  'summary_first_dropout',
];

/**
 * Pre-LN: x + attn(ln_1(x)), then x + mlp(ln_2(x)) — the layers package's block with
 * GPT-2's parts: a fused Conv1D attention `c_attn` / `c_proj`, a Conv1D MLP `c_fc` /
 * `c_proj`, dropout on both residual branches (HF's attn.resid_dropout and mlp.dropout).
 */
function gptBlock(c: Required<GptConfig>, rng: Rng): PreLNEncoderBlock {
  const C = c.embedDim;
  const std = c.initializerRange;
  // GPT-2 scales the residual projections by 1/√(2·layers) at init
  const outputStd = std / Math.sqrt(2 * c.numLayers);
  return new PreLNEncoderBlock({
    attentionNorm: new LayerNorm(C, { eps: c.layerNormEps }),
    attention: new FusedSelfAttention({
      embedDim: C,
      numHeads: c.numHeads,
      dropout: c.attnDropout,
      std,
      outputStd,
      rng,
    }),
    feedForwardNorm: new LayerNorm(C, { eps: c.layerNormEps }),
    feedForward: new FeedForward({
      embedDim: C,
      hiddenDim: c.hiddenDim,
      activation: c.activation,
      layer: Conv1D,
      names: { input: 'c_fc', output: 'c_proj' },
      std,
      outputStd,
      rng,
    }),
    names: {
      attentionNorm: 'ln_1',
      attention: 'attn',
      feedForwardNorm: 'ln_2',
      feedForward: 'mlp',
    },
    dropout: c.residDropout,
  });
}

/** HF's GPT2Model: everything but the LM head, under the `transformer.` prefix. */
class GptTransformer extends Module {
  readonly wte: Embedding;
  readonly wpe: Embedding;
  readonly drop: Dropout;
  readonly h: ModuleList<PreLNEncoderBlock>;
  readonly lnF: LayerNorm;

  constructor(config: Required<GptConfig>, rng: Rng) {
    super();
    const std = config.initializerRange;
    this.wte = this.registerModule(
      'wte',
      new Embedding(config.vocabSize, config.embedDim, { std, rng }),
    );
    this.wpe = this.registerModule(
      'wpe',
      new Embedding(config.contextLength, config.embedDim, { std, rng }),
    );
    this.drop = this.registerModule('drop', new Dropout(config.embedDropout));
    this.h = this.registerModule(
      'h',
      new ModuleList(Array.from({ length: config.numLayers }, () => gptBlock(config, rng))),
    );
    this.lnF = this.registerModule(
      'ln_f',
      new LayerNorm(config.embedDim, { eps: config.layerNormEps }),
    );
  }

  /**
   * ids [B, T] at positions [B, T] or [T] → the final hidden state [B, T, C] (before ln_f).
   * With `caches` (one per block) the new positions also attend to the cached ones, and
   * `keyMask` covers all S = past + T keys. Training and generation both run this.
   */
  forward(ids: Tensor, positions: Tensor, options: TransformerOptions = {}): Tensor {
    let x = this.drop.forward(this.wte.forward(ids).add(this.wpe.forward(positions))); // [B, T, C]
    this.h.items.forEach((block, i) => {
      options.hidden?.push(x);
      x = block.forward(x, {
        causal: true,
        keyPaddingMask: options.keyMask ?? null,
        cache: options.caches?.[i],
      });
    });
    return x;
  }
}

interface TransformerOptions {
  readonly keyMask?: Tensor;
  readonly caches?: readonly KVCache[];
  /** Receives the input of every block. */
  readonly hidden?: Tensor[];
}

export class Gpt extends PretrainedModule {
  readonly config: Required<GptConfig>;
  readonly transformer: GptTransformer;
  /** The LM head's weight: the token embedding itself unless tieWordEmbeddings is false. */
  readonly lmHead: Tensor;
  /** Initialisation only: dropout draws from the global generator (manualSeed, train({ seed })) when it runs. */
  private readonly rng: Rng;

  constructor(config: GptConfig, options: { rng?: Rng } = {}) {
    super();
    this.config = resolveConfig(gptConfigSchema, config, 'Gpt');
    if (this.config.embedDim % this.config.numHeads !== 0) {
      throw new ConfigError(
        `Gpt: embedDim ${this.config.embedDim} is not divisible by numHeads ${this.config.numHeads}`,
      );
    }
    this.rng = options.rng ?? defaultRng();
    this.transformer = this.registerModule(
      'transformer',
      new GptTransformer(this.config, this.rng),
    );
    if (this.config.tieWordEmbeddings) {
      this.lmHead = this.transformer.wte.weight;
    } else {
      const head = this.registerModule('lm_head', new Module());
      this.lmHead = head.registerParameter('weight', this.transformer.wte.weight.clone().detach());
    }
  }

  forward(inputs: ModelInputs, options: ForwardOptions = {}): ModelOutput {
    const { inputIds, attentionMask, labels } = inputs;
    const [B, T] = inputIds.shape as [number, number];
    if (T > this.config.contextLength) {
      throw new Error(
        `Gpt: sequence of ${T} tokens is longer than the context length ${this.config.contextLength}`,
      );
    }
    const hidden: Tensor[] | undefined = options.outputHiddenStates ? [] : undefined;
    const x = this.transformer.lnF.forward(
      this.transformer.forward(inputIds, arange(T), { keyMask: attentionMask, hidden }),
    ); // [B, T, C]
    hidden?.push(x);
    const logits = x.matmul(this.lmHead, { transB: true }); // [B, T, V]

    let loss: Tensor | undefined;
    if (labels) {
      // predict token t+1 from position t: logits[:, :-1] against labels[:, 1:]
      const V = this.config.vocabSize;
      const shifted = logits.slice(1, 0, T - 1).reshape(B * (T - 1), V);
      loss = crossEntropy(shifted, labels.slice(1, 1).reshape(B * (T - 1)));
    }
    return { logits, loss, hiddenStates: hidden };
  }

  /**
   * The forward pass generation uses: new tokens [B, T] at explicit positions, attending to
   * what `caches` (one per block) hold, with a padding mask over all S = past + T keys.
   * Only the last position goes through the LM head: → [B, V].
   */
  decodeStep(
    ids: Tensor,
    positionIds: Tensor,
    keyMask: Tensor | undefined,
    caches: KVCache[],
  ): Tensor {
    const t = this.transformer;
    const [B, T] = ids.shape as [number, number];
    const x = t.forward(ids, positionIds, { keyMask, caches }); // [B, T, C]
    // inference-time economy: only the last position is needed for the next token
    const last = t.lnF.forward(x.slice(1, T - 1)).reshape(B, this.config.embedDim); // [B, C]
    return last.matmul(this.lmHead, { transB: true }); // [B, V]
  }

  startGeneration(inputIds: Tensor, options: GenerationStart = {}): GenerationState {
    return new GptGeneration(this, inputIds, options.attentionMask, options.useCache ?? true);
  }

  toHfConfig(): Record<string, unknown> {
    return {
      model_type: 'gpt2',
      architectures: ['GPT2LMHeadModel'],
      ...configToHf(gptConfigSchema, this.config),
      n_ctx: this.config.contextLength,
      scale_attn_weights: true,
      torch_dtype: 'float32',
    };
  }
}

/**
 * GPT decoding state: the prompt's keys and values cached per block (or, without a cache,
 * the whole sequence re-run each step). Left-padded prompts get positions counted from
 * their first real token, as HF's generate does.
 */
class GptGeneration implements GenerationState {
  logits: Tensor; // [B, V] for the next token
  private caches: KVCache[];
  private ids: number[][]; // every row's tokens so far (prompt + new)
  private mask: number[][]; // 1 real, 0 padding — for every position so far
  private readonly B: number;

  constructor(
    private readonly model: Gpt,
    inputIds: Tensor,
    attentionMask: Tensor | undefined,
    private readonly useCache: boolean,
  ) {
    const [B, T] = inputIds.shape as [number, number];
    this.B = B;
    this.ids = Array.from({ length: B }, (_, b) =>
      Array.from(inputIds.data.subarray(b * T, (b + 1) * T)),
    );
    this.mask = Array.from({ length: B }, (_, b) =>
      attentionMask
        ? Array.from(attentionMask.data.subarray(b * T, (b + 1) * T))
        : new Array(T).fill(1),
    );
    this.caches = [];
    this.logits = this.run(this.ids, 0);
  }

  /** Runs positions [from, end) of every row (all of them when there is no cache). */
  private run(rows: number[][], from: number): Tensor {
    const T = rows[0]!.length - from;
    const flat = rows.flatMap((r) => r.slice(from));
    const positions = this.mask.flatMap((m) => {
      let seen = 0;
      const pos = m.map((v) => (v ? seen++ : 0));
      return pos.slice(from);
    });
    if (!this.useCache || from === 0)
      this.caches = this.model.transformer.h.items.map(() => new KVCache());
    const keyMask = this.mask.some((m) => m.includes(0))
      ? tensor(Int32Array.from(this.mask.flat()), [this.B, this.mask[0]!.length])
      : undefined;
    return this.model.decodeStep(
      tensor(Int32Array.from(flat), [this.B, T]),
      tensor(Int32Array.from(positions), [this.B, T]),
      keyMask,
      this.caches,
    );
  }

  step(next: Int32Array): void {
    for (let b = 0; b < this.B; b++) {
      this.ids[b]!.push(next[b]!);
      this.mask[b]!.push(1);
    }
    this.logits = this.useCache
      ? this.run(this.ids, this.ids[0]!.length - 1)
      : this.run(this.ids, 0);
  }

  reorder(rows: Int32Array): void {
    this.ids = Array.from(rows, (r) => [...this.ids[r]!]);
    this.mask = Array.from(rows, (r) => [...this.mask[r]!]);
    const index = tensor(rows, [rows.length]);
    for (const c of this.caches) c.reorder(index);
    this.logits = this.logits.indexSelect(0, index);
  }
}

export const gptArchitecture: Architecture = {
  modelType: 'gpt2',
  architectures: ['GPT2LMHeadModel', 'GPT2Model'],
  fromHfConfig(hf) {
    if (
      hf.scale_attn_weights === false ||
      hf.scale_attn_by_inverse_layer_idx === true ||
      hf.reorder_and_upcast_attn === true
    ) {
      throw new ConfigError(
        'config.json: scale_attn_weights false, scale_attn_by_inverse_layer_idx and reorder_and_upcast_attn are not supported',
      );
    }
    return new Gpt(configFromHf(gptConfigSchema, hf, GPT2_OTHER_KEYS));
  },
};
