/**
 * BERT, read top to bottom: word + position + segment embeddings and a LayerNorm, N post-LN
 * encoder layers (self-attention → add & norm → GELU MLP → add & norm), and three heads:
 * masked LM (tied to the word embeddings), sequence classification (on the pooled [CLS]),
 * token classification. Parameter names are Hugging Face's BertFor* models'.
 *
 *   const bert = new BertForMaskedLM({ vocabSize: 30522, contextLength: 512, numLayers: 12, numHeads: 12, embedDim: 768 });
 *   const { logits, loss } = bert.forward({ inputIds, attentionMask, tokenTypeIds, labels });
 *
 * Shapes: B batch, T time, C channels (embedDim), H heads, I intermediate width, V vocab.
 */
import {
  type ActivationName,
  activation,
  activations,
  Dropout,
  Embedding,
  LayerNorm,
  Linear,
  Module,
  ModuleList,
  MultiHeadAttention,
} from '@llm/layers';
import {
  arange,
  crossEntropy,
  defaultRng,
  type Rng,
  type Tensor,
  tensor,
  zeros,
} from '@llm/tensor-core';
import { ConfigError } from './config-error.js';
import { configFromHf, configToHf, resolveConfig, schema } from './config-schema.js';
import type { Architecture, ForwardOptions, ModelInputs, ModelOutput } from './model.js';
import { PretrainedModule } from './model.js';

export interface BertConfig {
  readonly vocabSize: number;
  /** Learned positions: HF max_position_embeddings. */
  readonly contextLength: number;
  readonly numLayers: number;
  readonly numHeads: number;
  /** C: HF hidden_size. */
  readonly embedDim: number;
  /** I: HF intermediate_size (default 4·C). */
  readonly hiddenDim?: number;
  /** Segments (HF type_vocab_size, default 2). */
  readonly typeVocabSize?: number;
  /** HF hidden_act: any name of the activation table in @llm/layers (default 'gelu'). */
  readonly activation?: ActivationName;
  readonly hiddenDropout?: number;
  readonly attnDropout?: number;
  readonly layerNormEps?: number;
  readonly initializerRange?: number;
  readonly padTokenId?: number;
  /** Classes for the classification heads (HF num_labels / id2label). */
  readonly numLabels?: number;
  readonly id2label?: Record<string, string>;
  /** HF problem_type: single-label CE (default), regression (MSE) or multi-label (BCE). */
  readonly problemType?: (typeof PROBLEM_TYPES)[number];
}

type Full = Required<BertConfig>;

const PROBLEM_TYPES = [
  'single_label_classification',
  'regression',
  'multi_label_classification',
] as const;

/** Each field's config.json key, type and default — the only place BERT's defaults live. */
export const bertConfigSchema = schema<BertConfig>({
  vocabSize: { hf: 'vocab_size', kind: 'size' },
  contextLength: { hf: 'max_position_embeddings', kind: 'size' },
  numLayers: { hf: 'num_hidden_layers', kind: 'size' },
  numHeads: { hf: 'num_attention_heads', kind: 'size' },
  embedDim: { hf: 'hidden_size', kind: 'size' },
  hiddenDim: { hf: 'intermediate_size', kind: 'size', default: (c) => 4 * c.embedDim },
  typeVocabSize: { hf: 'type_vocab_size', kind: 'size', default: 2 },
  activation: {
    hf: 'hidden_act',
    kind: 'string',
    default: 'gelu',
    oneOf: Object.keys(activations) as ActivationName[],
  },
  hiddenDropout: { hf: 'hidden_dropout_prob', kind: 'probability', default: 0.1 },
  attnDropout: { hf: 'attention_probs_dropout_prob', kind: 'probability', default: 0.1 },
  layerNormEps: { hf: 'layer_norm_eps', kind: 'number', default: 1e-12 },
  initializerRange: { hf: 'initializer_range', kind: 'number', default: 0.02 },
  padTokenId: { hf: 'pad_token_id', kind: 'count', default: 0 },
  // HF derives num_labels from id2label, and id2label from num_labels
  numLabels: {
    hf: 'num_labels',
    kind: 'size',
    default: (c) => (c.id2label ? Object.keys(c.id2label).length : 2),
  },
  id2label: {
    hf: 'id2label',
    kind: 'labels',
    default: (c) =>
      Object.fromEntries(
        Array.from({ length: c.numLabels ?? 2 }, (_, i) => [String(i), `LABEL_${i}`]),
      ),
  },
  // HF infers the problem from the head when the config does not say
  problemType: {
    hf: 'problem_type',
    kind: 'string',
    oneOf: PROBLEM_TYPES,
    default: (c) => (c.numLabels === 1 ? 'regression' : 'single_label_classification'),
  },
});

// BertConfig keys checked below (position_embedding_type) or not used here: BERT's tied
// decoder is always tied, and classifier_dropout (null: hidden_dropout_prob) is not read.
const BERT_OTHER_KEYS = ['position_embedding_type', 'classifier_dropout', 'tie_word_embeddings'];

class BertEmbeddings extends Module {
  readonly wordEmbeddings: Embedding;
  readonly positionEmbeddings: Embedding;
  readonly tokenTypeEmbeddings: Embedding;
  readonly layerNorm: LayerNorm;
  readonly dropout: Dropout;

  constructor(c: Full, rng: Rng) {
    super();
    const std = c.initializerRange;
    this.wordEmbeddings = this.registerModule(
      'word_embeddings',
      new Embedding(c.vocabSize, c.embedDim, { std, rng }),
    );
    this.positionEmbeddings = this.registerModule(
      'position_embeddings',
      new Embedding(c.contextLength, c.embedDim, { std, rng }),
    );
    this.tokenTypeEmbeddings = this.registerModule(
      'token_type_embeddings',
      new Embedding(c.typeVocabSize, c.embedDim, { std, rng }),
    );
    this.layerNorm = this.registerModule(
      'LayerNorm',
      new LayerNorm(c.embedDim, { eps: c.layerNormEps }),
    );
    this.dropout = this.registerModule('dropout', new Dropout(c.hiddenDropout));
  }

  forward(ids: Tensor, tokenTypeIds: Tensor | undefined): Tensor {
    const [B, T] = ids.shape as [number, number];
    const types = tokenTypeIds ?? tensor(new Int32Array(B * T), [B, T]);
    const x = this.wordEmbeddings
      .forward(ids)
      .add(this.positionEmbeddings.forward(arange(T)))
      .add(this.tokenTypeEmbeddings.forward(types)); // [B, T, C]
    return this.dropout.forward(this.layerNorm.forward(x));
  }
}

/** HF's BertSelfAttention: query / key / value around the shared attention; no output projection here (BertSelfOutput has it). */
function bertSelfAttention(c: Full, rng: Rng): MultiHeadAttention {
  return new MultiHeadAttention({
    embedDim: c.embedDim,
    numHeads: c.numHeads,
    dropout: c.attnDropout,
    std: c.initializerRange,
    rng,
    names: { query: 'query', key: 'key', value: 'value', output: null },
  });
}

/** dense → dropout → LayerNorm(· + residual): HF's BertSelfOutput and BertOutput. */
class BertResidualOutput extends Module {
  readonly dense: Linear;
  readonly layerNorm: LayerNorm;
  readonly dropout: Dropout;

  constructor(c: Full, inDim: number, rng: Rng) {
    super();
    this.dense = this.registerModule(
      'dense',
      new Linear(inDim, c.embedDim, { std: c.initializerRange, rng }),
    );
    this.layerNorm = this.registerModule(
      'LayerNorm',
      new LayerNorm(c.embedDim, { eps: c.layerNormEps }),
    );
    this.dropout = this.registerModule('dropout', new Dropout(c.hiddenDropout));
  }

  forward(h: Tensor, residual: Tensor): Tensor {
    return this.layerNorm.forward(this.dropout.forward(this.dense.forward(h)).add(residual));
  }
}

class BertAttention extends Module {
  readonly self: MultiHeadAttention;
  readonly output: BertResidualOutput;
  constructor(c: Full, rng: Rng) {
    super();
    this.self = this.registerModule('self', bertSelfAttention(c, rng));
    this.output = this.registerModule('output', new BertResidualOutput(c, c.embedDim, rng));
  }
}

class BertIntermediate extends Module {
  readonly dense: Linear;
  private readonly act: (x: Tensor) => Tensor;
  constructor(c: Full, rng: Rng) {
    super();
    this.dense = this.registerModule(
      'dense',
      new Linear(c.embedDim, c.hiddenDim, { std: c.initializerRange, rng }),
    );
    this.act = activation(c.activation, 'config.json: hidden_act');
  }
  forward(x: Tensor): Tensor {
    return this.act(this.dense.forward(x)); // [B, T, I]
  }
}

/** Post-LN: h = LN(x + attn(x)); out = LN(h + W2·act(W1·h)). */
class BertLayer extends Module {
  readonly attention: BertAttention;
  readonly intermediate: BertIntermediate;
  readonly output: BertResidualOutput;

  constructor(c: Full, rng: Rng) {
    super();
    this.attention = this.registerModule('attention', new BertAttention(c, rng));
    this.intermediate = this.registerModule('intermediate', new BertIntermediate(c, rng));
    this.output = this.registerModule('output', new BertResidualOutput(c, c.hiddenDim, rng));
  }

  forward(x: Tensor, mask: Tensor | undefined): Tensor {
    const a = this.attention.self.forward(x, { keyPaddingMask: mask ?? null }); // [B, T, C]
    const h = this.attention.output.forward(a, x); // [B, T, C]
    return this.output.forward(this.intermediate.forward(h), h); // [B, T, C]
  }
}

class BertEncoder extends Module {
  readonly layer: ModuleList<BertLayer>;
  constructor(c: Full, rng: Rng) {
    super();
    this.layer = this.registerModule(
      'layer',
      new ModuleList(Array.from({ length: c.numLayers }, () => new BertLayer(c, rng))),
    );
  }
}

class BertPooler extends Module {
  readonly dense: Linear;
  constructor(c: Full, rng: Rng) {
    super();
    this.dense = this.registerModule(
      'dense',
      new Linear(c.embedDim, c.embedDim, { std: c.initializerRange, rng }),
    );
  }
  /** tanh(W · h[CLS]) */
  forward(h: Tensor): Tensor {
    const [B, , C] = h.shape as [number, number, number];
    return this.dense.forward(h.slice(1, 0, 1).reshape(B, C)).tanh(); // [B, C]
  }
}

/** HF's BertModel: embeddings, encoder, optional pooler, under the `bert.` prefix. */
export class BertModel extends Module {
  readonly embeddings: BertEmbeddings;
  readonly encoder: BertEncoder;
  readonly pooler: BertPooler | null;

  constructor(
    readonly c: Full,
    rng: Rng,
    withPooler: boolean,
  ) {
    super();
    this.embeddings = this.registerModule('embeddings', new BertEmbeddings(c, rng));
    this.encoder = this.registerModule('encoder', new BertEncoder(c, rng));
    this.pooler = withPooler ? this.registerModule('pooler', new BertPooler(c, rng)) : null;
  }

  /** → the last hidden state [B, T, C], and every hidden state when asked. */
  forward(inputs: ModelInputs, keepHidden: boolean): { last: Tensor; hidden: Tensor[] } {
    let x = this.embeddings.forward(inputs.inputIds, inputs.tokenTypeIds);
    const hidden = keepHidden ? [x] : [];
    for (const layer of this.encoder.layer) {
      x = layer.forward(x, inputs.attentionMask);
      if (keepHidden) hidden.push(x);
    }
    return { last: x, hidden };
  }
}

abstract class BertBase extends PretrainedModule {
  readonly config: Full;
  readonly bert: BertModel;
  /** Initialisation only: dropout draws from the global generator (manualSeed, train({ seed })) when it runs. */
  protected readonly rng: Rng;
  abstract readonly architecture: string;

  constructor(config: BertConfig, options: { rng?: Rng }, withPooler: boolean) {
    super();
    this.config = resolveConfig(bertConfigSchema, config, 'Bert');
    if (this.config.embedDim % this.config.numHeads !== 0) {
      throw new ConfigError(
        `Bert: embedDim ${this.config.embedDim} is not divisible by numHeads ${this.config.numHeads}`,
      );
    }
    this.rng = options.rng ?? defaultRng();
    this.bert = this.registerModule('bert', new BertModel(this.config, this.rng, withPooler));
  }

  abstract override forward(inputs: ModelInputs, options?: ForwardOptions): ModelOutput;

  toHfConfig(): Record<string, unknown> {
    const c = this.config;
    const { num_labels: _derived, ...fields } = configToHf(bertConfigSchema, c);
    return {
      model_type: 'bert',
      architectures: [this.architecture],
      ...fields,
      position_embedding_type: 'absolute',
      label2id: Object.fromEntries(Object.entries(c.id2label).map(([k, v]) => [v, Number(k)])),
      tie_word_embeddings: true,
      torch_dtype: 'float32',
    };
  }
}

/** LayerNorm(act(dense(h))): HF's BertPredictionHeadTransform. */
class BertPredictionTransform extends Module {
  readonly dense: Linear;
  readonly layerNorm: LayerNorm;
  private readonly act: (x: Tensor) => Tensor;
  constructor(c: Full, rng: Rng) {
    super();
    this.dense = this.registerModule(
      'dense',
      new Linear(c.embedDim, c.embedDim, { std: c.initializerRange, rng }),
    );
    this.layerNorm = this.registerModule(
      'LayerNorm',
      new LayerNorm(c.embedDim, { eps: c.layerNormEps }),
    );
    this.act = activation(c.activation, 'config.json: hidden_act');
  }
  forward(h: Tensor): Tensor {
    return this.layerNorm.forward(this.act(this.dense.forward(h)));
  }
}

class BertLmPredictions extends Module {
  readonly transform: BertPredictionTransform;
  readonly bias: Tensor;
  constructor(c: Full, rng: Rng) {
    super();
    this.transform = this.registerModule('transform', new BertPredictionTransform(c, rng));
    this.bias = this.registerParameter('bias', zeros([c.vocabSize]));
  }
}

class BertOnlyMlmHead extends Module {
  readonly predictions: BertLmPredictions;
  constructor(c: Full, rng: Rng) {
    super();
    this.predictions = this.registerModule('predictions', new BertLmPredictions(c, rng));
  }
}

/** Masked LM: transform (dense, GELU, LayerNorm), then the tied decoder plus a bias. */
export class BertForMaskedLM extends BertBase {
  readonly architecture = 'BertForMaskedLM';
  readonly cls: BertOnlyMlmHead;

  constructor(config: BertConfig, options: { rng?: Rng } = {}) {
    super(config, options, false);
    this.cls = this.registerModule('cls', new BertOnlyMlmHead(this.config, this.rng));
  }

  forward(inputs: ModelInputs, options: ForwardOptions = {}): ModelOutput {
    const { last, hidden } = this.bert.forward(inputs, options.outputHiddenStates ?? false);
    const p = this.cls.predictions;
    const h = p.transform.forward(last); // [B, T, C]
    const logits = h
      .matmul(this.bert.embeddings.wordEmbeddings.weight, { transB: true })
      .add(p.bias); // [B, T, V]
    const loss = inputs.labels
      ? crossEntropy(logits.reshape(-1, this.config.vocabSize), inputs.labels.reshape(-1))
      : undefined;
    return { logits, loss, hiddenStates: options.outputHiddenStates ? hidden : undefined };
  }
}

/** HF's classification heads: dropout, then a linear classifier to numLabels. */
abstract class BertClassifierBase extends BertBase {
  readonly dropout: Dropout;
  readonly classifier: Linear;

  constructor(config: BertConfig, options: { rng?: Rng }, withPooler: boolean) {
    super(config, options, withPooler);
    this.dropout = this.registerModule('dropout', new Dropout(this.config.hiddenDropout));
    this.classifier = this.registerModule(
      'classifier',
      new Linear(this.config.embedDim, this.config.numLabels, {
        std: this.config.initializerRange,
        rng: this.rng,
      }),
    );
  }
}

/** Sequence classification on the pooled [CLS] vector (HF's dropout then classifier). */
export class BertForSequenceClassification extends BertClassifierBase {
  readonly architecture = 'BertForSequenceClassification';

  constructor(config: BertConfig, options: { rng?: Rng } = {}) {
    super(config, options, true);
  }

  forward(inputs: ModelInputs, options: ForwardOptions = {}): ModelOutput {
    const { last, hidden } = this.bert.forward(inputs, options.outputHiddenStates ?? false);
    const pooled = this.bert.pooler!.forward(last); // [B, C]
    const logits = this.classifier.forward(this.dropout.forward(pooled)); // [B, numLabels]
    let loss: Tensor | undefined;
    const labels = inputs.labels;
    if (labels) {
      const { problemType } = this.config;
      if (problemType === 'regression') {
        const target = labels.to(logits.dtype).reshape(logits.shape);
        const diff = logits.sub(target);
        loss = diff.mul(diff).mean();
      } else if (problemType === 'multi_label_classification') {
        // binary cross-entropy with logits: softplus(x) − y·x, stable as log(1 + e^−|x|) + max(x, 0) − y·x
        const y = labels.to(logits.dtype).reshape(logits.shape);
        loss = logits.abs().neg().exp().add(1).log().add(logits.relu()).sub(y.mul(logits)).mean();
      } else {
        loss = crossEntropy(logits, labels.reshape(-1));
      }
    }
    return {
      logits,
      loss,
      hiddenStates: options.outputHiddenStates ? hidden : undefined,
      pooledOutput: pooled,
    };
  }
}

/** Token classification (NER, tagging): a classifier on every position. */
export class BertForTokenClassification extends BertClassifierBase {
  readonly architecture = 'BertForTokenClassification';

  constructor(config: BertConfig, options: { rng?: Rng } = {}) {
    super(config, options, false);
  }

  forward(inputs: ModelInputs, options: ForwardOptions = {}): ModelOutput {
    const { last, hidden } = this.bert.forward(inputs, options.outputHiddenStates ?? false);
    const logits = this.classifier.forward(this.dropout.forward(last)); // [B, T, numLabels]
    const loss = inputs.labels
      ? crossEntropy(logits.reshape(-1, this.config.numLabels), inputs.labels.reshape(-1))
      : undefined;
    return { logits, loss, hiddenStates: options.outputHiddenStates ? hidden : undefined };
  }
}

function bertConfigFromHf(hf: Record<string, unknown>): BertConfig {
  const positionType = hf.position_embedding_type ?? 'absolute';
  if (positionType !== 'absolute')
    throw new ConfigError(
      `config.json: position_embedding_type '${String(positionType)}' is not supported (absolute)`,
    );
  return configFromHf(bertConfigSchema, hf, BERT_OTHER_KEYS);
}

export const bertForMaskedLMArchitecture: Architecture = {
  modelType: 'bert',
  architectures: ['BertForMaskedLM', 'BertForPreTraining', 'BertModel'],
  defaultForModelType: true,
  fromHfConfig: (hf) => new BertForMaskedLM(bertConfigFromHf(hf)),
};

export const bertForSequenceClassificationArchitecture: Architecture = {
  modelType: 'bert',
  architectures: ['BertForSequenceClassification'],
  fromHfConfig: (hf) => new BertForSequenceClassification(bertConfigFromHf(hf)),
};

export const bertForTokenClassificationArchitecture: Architecture = {
  modelType: 'bert',
  architectures: ['BertForTokenClassification'],
  fromHfConfig: (hf) => new BertForTokenClassification(bertConfigFromHf(hf)),
};
