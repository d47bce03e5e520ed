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
  Conv1D,
  Dropout,
  Embedding,
  KVCache,
  LayerNorm,
  Module,
  ModuleList,
  mergeHeads,
  splitHeads,
} from '@llm/layers';
import {
  arange,
  crossEntropy,
  defaultRng,
  type Rng,
  scaledDotProductAttention,
  type Tensor,
  tensor,
} from '@llm/tensor-core';
import { field, size } from './config-error.js';
import type { GenerationState } from './generation.js';
import type {
  Architecture,
  ForwardOptions,
  ModelInputs,
  ModelOutput,
  PretrainedModel,
} from './model.js';

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
  /** 'gelu_new' (tanh approximation, GPT-2's), 'gelu', 'relu'. */
  readonly activation?: 'gelu_new' | 'gelu' | 'relu';
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

class GptAttention extends Module {
  readonly cAttn: Conv1D;
  readonly cProj: Conv1D;
  readonly residDropout: Dropout;

  constructor(
    private readonly config: Required<GptConfig>,
    rng: Rng,
  ) {
    super();
    const { embedDim: C, initializerRange: std, numLayers } = config;
    this.cAttn = this.registerModule('c_attn', new Conv1D(C, 3 * C, { std, rng }));
    // GPT-2 scales the residual projections by 1/√(2·layers) at init
    this.cProj = this.registerModule(
      'c_proj',
      new Conv1D(C, C, { std: std / Math.sqrt(2 * numLayers), rng }),
    );
    this.residDropout = this.registerModule('resid_dropout', new Dropout(config.residDropout));
  }

  forward(x: Tensor, attentionMask: Tensor | undefined, rng: Rng, cache?: KVCache): Tensor {
    const { embedDim: C, numHeads: H } = this.config;
    const [q, k, v] = this.cAttn.forward(x).split(C, -1) as [Tensor, Tensor, Tensor]; // 3 × [B, T, C]
    let keys = splitHeads(k, H); // [B, H, T, D]
    let values = splitHeads(v, H);
    // generation: the new positions attend to every cached one too (causal, end-aligned)
    if (cache) [keys, values] = cache.append(keys, values); // [B, H, S, D]
    const y = scaledDotProductAttention(splitHeads(q, H), keys, values, {
      causal: true,
      keyPaddingMask: attentionMask ?? null,
      dropout: this.training ? this.config.attnDropout : 0,
      training: this.training,
      rng,
    }); // [B, H, T, D]
    return this.residDropout.forward(this.cProj.forward(mergeHeads(y))); // [B, T, C]
  }
}

class GptMlp extends Module {
  readonly cFc: Conv1D;
  readonly cProj: Conv1D;
  readonly dropout: Dropout;

  constructor(
    private readonly config: Required<GptConfig>,
    rng: Rng,
  ) {
    super();
    const { embedDim: C, hiddenDim, initializerRange: std, numLayers } = config;
    this.cFc = this.registerModule('c_fc', new Conv1D(C, hiddenDim, { std, rng }));
    this.cProj = this.registerModule(
      'c_proj',
      new Conv1D(hiddenDim, C, { std: std / Math.sqrt(2 * numLayers), rng }),
    );
    this.dropout = this.registerModule('dropout', new Dropout(config.residDropout));
  }

  forward(x: Tensor): Tensor {
    const h = this.cFc.forward(x); // [B, T, 4C]
    const a = activate(h, this.config.activation);
    return this.dropout.forward(this.cProj.forward(a)); // [B, T, C]
  }
}

function activate(h: Tensor, activation: GptConfig['activation']): Tensor {
  if (activation === 'relu') return h.relu();
  return h.gelu(activation === 'gelu' ? 'none' : 'tanh');
}

/** Pre-LN: x + attn(ln_1(x)), then x + mlp(ln_2(x)). */
class GptBlock extends Module {
  readonly ln1: LayerNorm;
  readonly attn: GptAttention;
  readonly ln2: LayerNorm;
  readonly mlp: GptMlp;

  constructor(config: Required<GptConfig>, rng: Rng) {
    super();
    this.ln1 = this.registerModule(
      'ln_1',
      new LayerNorm(config.embedDim, { eps: config.layerNormEps }),
    );
    this.attn = this.registerModule('attn', new GptAttention(config, rng));
    this.ln2 = this.registerModule(
      'ln_2',
      new LayerNorm(config.embedDim, { eps: config.layerNormEps }),
    );
    this.mlp = this.registerModule('mlp', new GptMlp(config, rng));
  }

  forward(x: Tensor, attentionMask: Tensor | undefined, rng: Rng, cache?: KVCache): Tensor {
    const h = x.add(this.attn.forward(this.ln1.forward(x), attentionMask, rng, cache));
    return h.add(this.mlp.forward(this.ln2.forward(h)));
  }
}

/** HF's GPT2Model: everything but the LM head, under the `transformer.` prefix. */
class GptTransformer extends Module {
  readonly wte: Embedding;
  readonly wpe: Embedding;
  readonly drop: Dropout;
  readonly h: ModuleList<GptBlock>;
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
      new ModuleList(Array.from({ length: config.numLayers }, () => new GptBlock(config, rng))),
    );
    this.lnF = this.registerModule(
      'ln_f',
      new LayerNorm(config.embedDim, { eps: config.layerNormEps }),
    );
  }
}

export class Gpt extends Module implements PretrainedModel {
  readonly config: Required<GptConfig>;
  readonly transformer: GptTransformer;
  /** The LM head's weight: the token embedding itself unless tieWordEmbeddings is false. */
  readonly lmHead: Tensor;
  /** Initialisation only: dropout draws from the global generator (manualSeed, train({ seed })) when it runs. */
  private readonly rng: Rng;

  constructor(config: GptConfig, options: { rng?: Rng } = {}) {
    super();
    this.config = {
      hiddenDim: 4 * config.embedDim,
      activation: 'gelu_new',
      embedDropout: 0.1,
      attnDropout: 0.1,
      residDropout: 0.1,
      layerNormEps: 1e-5,
      initializerRange: 0.02,
      tieWordEmbeddings: true,
      bosTokenId: 50256,
      eosTokenId: 50256,
      ...config,
    };
    if (this.config.embedDim % this.config.numHeads !== 0) {
      throw new Error(
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
    const t = this.transformer;
    const positions = arange(T); // [T]
    let x = t.wte.forward(inputIds).add(t.wpe.forward(positions)); // [B, T, C]
    x = t.drop.forward(x);
    const hidden: Tensor[] = [];
    for (const block of t.h) {
      if (options.outputHiddenStates) hidden.push(x);
      x = block.forward(x, attentionMask, defaultRng());
    }
    x = t.lnF.forward(x); // [B, T, C]
    if (options.outputHiddenStates) hidden.push(x);
    const logits = x.matmul(this.lmHead, { transB: true }); // [B, T, V]

    let loss: Tensor | undefined;
    if (labels) {
      // predict token t+1 from position t: logits[:, :-1] against labels[:, 1:]
      const V = this.config.vocabSize;
      const shifted = logits.slice(1, 0, T - 1).reshape(B * (T - 1), V);
      loss = crossEntropy(shifted, labels.slice(1, 1).reshape(B * (T - 1)));
    }
    return { logits, loss, hiddenStates: options.outputHiddenStates ? hidden : undefined };
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
    let x = t.wte.forward(ids).add(t.wpe.forward(positionIds)); // [B, T, C]
    t.h.items.forEach((block, i) => {
      x = block.forward(x, keyMask, defaultRng(), caches[i]);
    });
    // inference-time economy: only the last position is needed for the next token
    const last = t.lnF.forward(x.slice(1, T - 1)).reshape(B, this.config.embedDim); // [B, C]
    return last.matmul(this.lmHead, { transB: true }); // [B, V]
  }

  startGeneration(
    inputIds: Tensor,
    options: { attentionMask?: Tensor; useCache?: boolean } = {},
  ): GenerationState {
    return new GptGeneration(this, inputIds, options.attentionMask, options.useCache ?? true);
  }

  toHfConfig(): Record<string, unknown> {
    const c = this.config;
    return {
      model_type: 'gpt2',
      architectures: ['GPT2LMHeadModel'],
      vocab_size: c.vocabSize,
      n_positions: c.contextLength,
      n_ctx: c.contextLength,
      n_embd: c.embedDim,
      n_layer: c.numLayers,
      n_head: c.numHeads,
      n_inner: c.hiddenDim === 4 * c.embedDim ? null : c.hiddenDim,
      activation_function: c.activation,
      embd_pdrop: c.embedDropout,
      attn_pdrop: c.attnDropout,
      resid_pdrop: c.residDropout,
      layer_norm_epsilon: c.layerNormEps,
      initializer_range: c.initializerRange,
      tie_word_embeddings: c.tieWordEmbeddings,
      bos_token_id: c.bosTokenId,
      eos_token_id: c.eosTokenId,
      scale_attn_weights: true,
      torch_dtype: 'float32',
    };
  }

  checkpointTensors(): Record<string, Tensor> {
    return Object.fromEntries(this.namedParameters());
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
    const activation = field(hf, 'activation_function', 'string', 'gelu_new');
    if (!['gelu_new', 'gelu', 'relu', 'gelu_pytorch_tanh'].includes(activation)) {
      throw new Error(
        `config.json: activation_function '${activation}' is not supported (gelu_new, gelu, relu)`,
      );
    }
    if (
      hf.scale_attn_weights === false ||
      hf.scale_attn_by_inverse_layer_idx === true ||
      hf.reorder_and_upcast_attn === true
    ) {
      throw new Error(
        'config.json: scale_attn_weights false, scale_attn_by_inverse_layer_idx and reorder_and_upcast_attn are not supported',
      );
    }
    const embedDim = size(hf, 'n_embd');
    const inner = hf.n_inner;
    return new Gpt({
      vocabSize: size(hf, 'vocab_size'),
      contextLength: size(hf, 'n_positions'),
      numLayers: size(hf, 'n_layer'),
      numHeads: size(hf, 'n_head'),
      embedDim,
      hiddenDim: inner === null || inner === undefined ? 4 * embedDim : size(hf, 'n_inner'),
      activation:
        activation === 'gelu_pytorch_tanh' ? 'gelu_new' : (activation as GptConfig['activation']),
      embedDropout: field(hf, 'embd_pdrop', 'number', 0.1),
      attnDropout: field(hf, 'attn_pdrop', 'number', 0.1),
      residDropout: field(hf, 'resid_pdrop', 'number', 0.1),
      layerNormEps: field(hf, 'layer_norm_epsilon', 'number', 1e-5),
      initializerRange: field(hf, 'initializer_range', 'number', 0.02),
      tieWordEmbeddings: field(hf, 'tie_word_embeddings', 'boolean', true),
      bosTokenId: field(hf, 'bos_token_id', 'number', 50256),
      eosTokenId: field(hf, 'eos_token_id', 'number', 50256),
    });
  },
};
