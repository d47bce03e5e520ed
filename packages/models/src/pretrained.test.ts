import { readFileSync } from 'node:fs';
import { DuplicateNameError } from '@llm/registry';
import { describe, expect, it } from 'vitest';
import { bertForMaskedLMArchitecture, gptArchitecture, t5Architecture } from './architectures.js';
import { BertForMaskedLM, BertForSequenceClassification } from './bert.js';
import { Gpt } from './gpt.js';
import type { Architecture } from './model.js';
import { architectureTable, modelFromHfConfig } from './pretrained.js';

const config = (name: string): Record<string, unknown> =>
  JSON.parse(
    readFileSync(new URL(`../test/fixtures/${name}/config.json`, import.meta.url), 'utf8'),
  );

describe('architectureTable', () => {
  it('holds each architecture once, whatever else a module exports', () => {
    const table = architectureTable({ gptArchitecture, t5Architecture, helper: () => 0, n: 3 });
    expect(table).toEqual([gptArchitecture, t5Architecture]);
    expect(architectureTable({ gptArchitecture, alias: gptArchitecture })).toEqual([
      gptArchitecture,
    ]);
  });

  it('refuses two exports claiming one HF architecture string, naming both', () => {
    const another: Architecture = {
      modelType: 'gpt2',
      architectures: ['GPT2LMHeadModel'],
      fromHfConfig: gptArchitecture.fromHfConfig,
    };
    const build = () => architectureTable({ gptArchitecture, another });
    expect(build).toThrow(DuplicateNameError);
    expect(build).toThrow(
      "two architectures are named 'GPT2LMHeadModel': exports 'gptArchitecture' and 'another'",
    );
  });

  it('claims every HF architecture string of the model files exactly once', () => {
    const names = architectureTable().flatMap((a) => a.architectures);
    expect(new Set(names).size).toBe(names.length);
    expect(architectureTable()).toContain(bertForMaskedLMArchitecture);
  });
});

describe('modelFromHfConfig', () => {
  it('takes the first of the config’s architectures that is supported', () => {
    const hf = config('bert_cls');
    hf.architectures = ['BertForQuestionAnswering', 'BertForSequenceClassification'];
    expect(modelFromHfConfig(hf)).toBeInstanceOf(BertForSequenceClassification);
    hf.architectures = ['BertForPreTraining'];
    expect(modelFromHfConfig(hf)).toBeInstanceOf(BertForMaskedLM);
  });

  it('falls back to model_type when one architecture has it', () => {
    const hf = config('gpt2');
    delete hf.architectures;
    expect(modelFromHfConfig(hf)).toBeInstanceOf(Gpt);
  });

  it('a model_type several architectures share goes to the one marked as its default, not a first match', () => {
    const hf = config('bert_cls');
    delete hf.architectures;
    // bert_cls's config has id2label, yet BERT's default for model_type is the MLM model (HF's AutoModel → BertModel)
    expect(modelFromHfConfig(hf)).toBeInstanceOf(BertForMaskedLM);
    hf.architectures = ['BertForQuestionAnswering'];
    expect(modelFromHfConfig(hf)).toBeInstanceOf(BertForMaskedLM);
    const defaults = architectureTable().filter((a) => a.defaultForModelType);
    expect(defaults).toEqual([bertForMaskedLMArchitecture]);
  });
});
