import { describe, expect, it } from 'vitest';
import { loadFixture } from '../../test/helpers.js';
import { trainedNames } from '../../test/trained.js';
import { headOnly } from './head-only.js';

describe('head-only', () => {
  it('BERT classification: only the classifier trains', async () => {
    expect(await trainedNames(headOnly, 'bert_cls')).toEqual([
      'classifier.weight',
      'classifier.bias',
    ]);
  });

  it('BERT masked LM: the cls head (its decoder weight is the tied word embedding, which stays frozen)', async () => {
    const names = await trainedNames(headOnly, 'bert');
    expect(names.length).toBe(5);
    expect(names.every((n) => n.startsWith('cls.'))).toBe(true);
  });

  it('GPT-2 and T5: the tied head is the token embedding, so that is what trains', async () => {
    expect(await trainedNames(headOnly, 'gpt2')).toEqual(['transformer.wte.weight']);
    expect(await trainedNames(headOnly, 't5')).toEqual(['shared.weight']);
  });

  it('modulesToSave names the head; one that matches nothing is one line', async () => {
    expect(
      await trainedNames(headOnly, 'bert_cls', { modulesToSave: ['pooler', 'classifier'] }),
    ).toEqual([
      'bert.pooler.dense.weight',
      'bert.pooler.dense.bias',
      'classifier.weight',
      'classifier.bias',
    ]);
    const { model } = await loadFixture('bert_cls');
    expect(() => headOnly.apply(model, { modulesToSave: ['score'] })).toThrow(
      /^modules_to_save \["score"\]: no module of the model matches$/,
    );
  });
});
