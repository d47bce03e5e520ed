import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as exported from './architectures.js';
import * as api from './index.js';
import { architectureTable } from './pretrained.js';

describe('@llm/models public API', () => {
  it('exports the models, their loaders and fromPretrained', () => {
    for (const name of [
      'Gpt',
      'BertForMaskedLM',
      'BertForSequenceClassification',
      'BertForTokenClassification',
      'T5ForConditionalGeneration',
      'fromPretrained',
      'savePretrained',
      'readInputsFile',
    ]) {
      expect(api, name).toHaveProperty(name);
    }
  });

  it('every model file is exported, and each contributes an architecture to the table', () => {
    const modelFiles = readdirSync(new URL('./', import.meta.url)).filter(
      (f) => /^(gpt|bert|t5)[\w-]*\.ts$/.test(f) && !f.endsWith('.test.ts'),
    );
    const table = architectureTable();
    expect(Object.keys(exported).length).toBeGreaterThan(modelFiles.length);
    expect(new Set(table.map((a) => a.modelType))).toEqual(new Set(['gpt2', 'bert', 't5']));
    expect(table.flatMap((a) => a.architectures)).toEqual(
      expect.arrayContaining([
        'GPT2LMHeadModel',
        'BertForMaskedLM',
        'BertForSequenceClassification',
        'BertForTokenClassification',
        'T5ForConditionalGeneration',
      ]),
    );
  });
});
