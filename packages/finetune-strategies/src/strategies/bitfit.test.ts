import { describe, expect, it } from 'vitest';
import { trainedNames } from '../../test/trained.js';
import { bitfit } from './bitfit.js';

describe('bitfit', () => {
  it('BERT classification: every bias (LayerNorm too) and the classifier', async () => {
    const names = await trainedNames(bitfit, 'bert_cls');
    expect(names.filter((n) => !n.endsWith('.bias'))).toEqual(['classifier.weight']);
    // 2 layers × 8 biases + embeddings LayerNorm + pooler + classifier
    expect(names.length).toBe(2 * 8 + 1 + 1 + 1 + 1);
  });

  it('GPT-2: biases only (the head is the tied embedding, left frozen)', async () => {
    const names = await trainedNames(bitfit, 'gpt2');
    expect(names.every((n) => n.endsWith('.bias'))).toBe(true);
    expect(names.length).toBe(2 * 6 + 1);
  });
});
