import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('@llm/objectives public API', () => {
  it('exports every objective file (a file that is not exported is never reachable)', () => {
    const files = readdirSync(new URL('./', import.meta.url)).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts',
    );
    expect(files.sort()).toEqual([
      'causal-lm.ts',
      'language-model.ts',
      'masked-lm.ts',
      'objective.ts',
      'pack-documents.ts',
      'pad.ts',
      'seq2seq.ts',
      'span-corruption.ts',
    ]);
    for (const name of ['causalLm', 'maskedLm', 'packDocuments', 'seq2seq', 'spanCorruption']) {
      expect(typeof (api as Record<string, unknown>)[name], name).toBe('function');
    }
  });
});
