// BPE training on all of Moby Dick against HF's trainer at the same settings (the node
// binding trains only with its defaults: 30,000 tokens, min frequency 0, no specials).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import hf from 'tokenizers';
import { describe, expect, it } from 'vitest';
import { Bpe, BpeTrainer, ByteLevel, ByteLevelDecoder, Tokenizer } from '../src/index.js';
import { mobyDick } from './helpers.js';

describe('BPE trainer parity', () => {
  it('learns the same vocabulary and merges as tokenizers on Moby Dick (byte-level, 30k)', async () => {
    const text = mobyDick();
    const dir = mkdtempSync(join(tmpdir(), 'bpe-train-'));
    const file = join(dir, 'moby.txt');
    writeFileSync(file, text);

    const theirs = new hf.Tokenizer(hf.BPE.empty());
    theirs.setPreTokenizer(hf.byteLevelPreTokenizer(false, true));
    theirs.train([file]);
    const hfPath = join(dir, 'hf.json');
    theirs.save(hfPath);
    const hfJson = JSON.parse((await import('node:fs')).readFileSync(hfPath, 'utf8'));

    const ours = new Tokenizer(new Bpe(new Map(), []), {
      preTokenizer: new ByteLevel({ addPrefixSpace: false }),
      decoder: new ByteLevelDecoder(),
    });
    // HF reads files line by line, keeping each line's ending.
    ours.train(new BpeTrainer({ vocabSize: 30000 }), text.split(/(?<=\n)/));
    const json = ours.toJSON() as { model: { vocab: Record<string, number>; merges: string[][] } };
    const hfMerges = (hfJson.model.merges as (string | string[])[]).map((m) =>
      typeof m === 'string' ? m.split(' ') : m,
    );
    expect(json.model.merges.length).toBeGreaterThan(10_000);
    expect(json.model.merges).toEqual(hfMerges);
    expect(json.model.vocab).toEqual(hfJson.model.vocab);
    // and the trained tokenizer encodes identically
    const sample = text.slice(0, 20_000);
    const h = hf.Tokenizer.fromString(JSON.stringify(ours.toJSON()));
    expect(ours.encode(sample).ids).toEqual((await h.encode(sample)).getIds());
  });
});
