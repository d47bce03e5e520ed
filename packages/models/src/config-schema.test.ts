import { describe, expect, it } from 'vitest';
import {
  BertForMaskedLM,
  BertForSequenceClassification,
  bertForMaskedLMArchitecture,
  Gpt,
  gptArchitecture,
  T5ForConditionalGeneration,
  t5Architecture,
} from './architectures.js';
import { ConfigError } from './config-error.js';

const gptHf = {
  model_type: 'gpt2',
  vocab_size: 64,
  n_positions: 16,
  n_layer: 2,
  n_head: 2,
  n_embd: 8,
};
const bertHf = {
  model_type: 'bert',
  vocab_size: 64,
  max_position_embeddings: 16,
  num_hidden_layers: 1,
  num_attention_heads: 2,
  hidden_size: 8,
};
const t5Hf = {
  model_type: 't5',
  vocab_size: 64,
  d_model: 8,
  num_layers: 1,
  num_heads: 2,
  d_kv: 4,
  d_ff: 16,
};

describe('one config per model', () => {
  it('the constructor and config.json give the same defaults (written once)', () => {
    const small = { vocabSize: 64, contextLength: 16, numLayers: 2, numHeads: 2, embedDim: 8 };
    expect((gptArchitecture.fromHfConfig(gptHf) as Gpt).config).toEqual(new Gpt(small).config);
    expect(new Gpt(small).config.hiddenDim).toBe(32);
    const bert = { ...small, numLayers: 1 };
    expect((bertForMaskedLMArchitecture.fromHfConfig(bertHf) as BertForMaskedLM).config).toEqual(
      new BertForMaskedLM(bert).config,
    );
    const t5 = { vocabSize: 64, embedDim: 8, numLayers: 1, numHeads: 2, headDim: 4, hiddenDim: 16 };
    const fromHf = t5Architecture.fromHfConfig(t5Hf) as T5ForConditionalGeneration;
    expect(fromHf.config).toEqual(new T5ForConditionalGeneration(t5).config);
    expect(fromHf.config.numDecoderLayers).toBe(1);
  });

  it.each([
    ['gpt2', gptArchitecture, gptHf],
    ['bert', bertForMaskedLMArchitecture, bertHf],
    ['t5', t5Architecture, t5Hf],
  ] as const)('%s: toHfConfig → fromHfConfig is the same config', (_, arch, hf) => {
    const model = arch.fromHfConfig({ ...hf });
    const again = arch.fromHfConfig(JSON.parse(JSON.stringify(model.toHfConfig())));
    expect(again.config).toEqual(model.config);
  });

  it('an unknown field is a one-line error naming it; HF’s common keys are fine', () => {
    expect(() => gptArchitecture.fromHfConfig({ ...gptHf, n_embed: 16 })).toThrow(
      new ConfigError("config.json: unknown field 'n_embed' for model_type 'gpt2'"),
    );
    expect(() => t5Architecture.fromHfConfig({ ...t5Hf, d_modle: 8 })).toThrow(/'d_modle'/);
    const real = {
      ...gptHf,
      transformers_version: '4.40.0',
      _name_or_path: 'gpt2',
      summary_type: 'cls_index',
      task_specific_params: { 'text-generation': { max_length: 50 } },
      use_cache: true,
      n_inner: null,
    };
    expect(gptArchitecture.fromHfConfig(real)).toBeInstanceOf(Gpt);
  });

  it.each([
    [{ ...gptHf, n_layer: '2' }, 'config.json: \'n_layer\' must be a number, got "2"'],
    [{ ...gptHf, n_head: 0 }, "config.json: 'n_head' must be a positive integer, got 0"],
    [
      { ...gptHf, resid_pdrop: 1.5 },
      "config.json: 'resid_pdrop' must be a number in [0, 1), got 1.5",
    ],
    [
      { ...gptHf, tie_word_embeddings: 'yes' },
      "config.json: 'tie_word_embeddings' must be a boolean",
    ],
    [
      { ...gptHf, activation_function: 'gelu_neww' },
      "'activation_function' 'gelu_neww' is not supported",
    ],
    [
      { ...bertHf, id2label: ['a', 'b'] },
      "config.json: 'id2label' must be an object of label names",
    ],
    [{ ...bertHf, problem_type: 'ranking' }, "'problem_type' 'ranking' is not supported"],
    [
      { ...t5Hf, feed_forward_proj: 'gated-silu' },
      "'feed_forward_proj' 'gated-silu' is not supported",
    ],
    [{ ...t5Hf, d_kv: undefined }, "config.json: missing field 'd_kv'"],
  ])('a wrong-typed field names the field: %o', (hf, message) => {
    const arch = { gpt2: gptArchitecture, bert: bertForMaskedLMArchitecture, t5: t5Architecture }[
      hf.model_type
    ];
    const clean = Object.fromEntries(Object.entries(hf).filter(([, v]) => v !== undefined));
    expect(() => arch!.fromHfConfig(clean)).toThrow(ConfigError);
    expect(() => arch!.fromHfConfig(clean)).toThrow(message);
  });

  it('id2label gives num_labels, and the constructor checks its own fields too', () => {
    const cls = new BertForSequenceClassification({
      vocabSize: 64,
      contextLength: 16,
      numLayers: 1,
      numHeads: 2,
      embedDim: 8,
      id2label: { 0: 'neg', 1: 'neu', 2: 'pos' },
    });
    expect(cls.config.numLabels).toBe(3);
    expect(cls.config.problemType).toBe('single_label_classification');
    expect(
      () => new Gpt({ vocabSize: 64, contextLength: 16, numLayers: 2, numHeads: 2, embedDim: -8 }),
    ).toThrow("Gpt: config field 'embedDim' must be a positive integer, got -8");
  });
});
