// The Unigram trainer against HF's (which the node binding runs only with its defaults:
// 8,000 pieces, no unknown token, and not deterministically): on the same part of Moby
// Dick, our model must segment held-out text about as compactly as HF's.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import hf from 'tokenizers';
import { describe, expect, it } from 'vitest';
import { Metaspace, MetaspaceDecoder, Tokenizer, Unigram, UnigramTrainer } from '../src/index.js';
import { mobyDick } from './helpers.js';

describe('Unigram trainer vs tokenizers', () => {
  it('learns 8,000 pieces that compress held-out text within 3% of HF', async () => {
    const text = mobyDick();
    const train = text.slice(0, 400_000);
    const heldOut = text.slice(600_000, 700_000);
    const file = join(mkdtempSync(join(tmpdir(), 'unigram-')), 'train.txt');
    writeFileSync(file, train);

    const theirs = new hf.Tokenizer(hf.Unigram.empty());
    theirs.setPreTokenizer(hf.metaspacePreTokenizer());
    theirs.train([file]);

    const ours = new Tokenizer(new Unigram([['<unk>', 0]], 0), {
      preTokenizer: new Metaspace(),
      decoder: new MetaspaceDecoder(),
    });
    ours.train(new UnigramTrainer({ vocabSize: 8000 }), train.split(/(?<=\n)/));
    expect(ours.getVocabSize()).toBe(8000);
    expect(theirs.getVocabSize()).toBe(8000);

    const mine = ours.encode(heldOut).ids.length;
    const hfCount = (await theirs.encode(heldOut)).getIds().length;
    expect(mine).toBeLessThan(hfCount * 1.03);
    expect(ours.decode(ours.encode(heldOut).ids)).toBe(heldOut.replace(/^ /, ''));
  });
});
