import hf from 'tokenizers';
import { describe, expect, it } from 'vitest';
import { Bpe } from '../models/bpe.js';
import { Unigram } from '../models/unigram.js';
import { WordPiece } from '../models/word-piece.js';
import { BertNormalizer } from '../normalizers/bert-normalizer.js';
import { BertPreTokenizer } from '../pre-tokenizers/bert-pre-tokenizer.js';
import { Metaspace } from '../pre-tokenizers/metaspace.js';
import { Whitespace } from '../pre-tokenizers/whitespace.js';
import { Tokenizer } from '../tokenizer.js';
import { BpeTrainer } from './bpe-trainer.js';
import { UnigramTrainer } from './unigram-trainer.js';
import { WordPieceTrainer } from './word-piece-trainer.js';

const corpus = [
  'low lower lowest newer newest wider widest\n',
  'low low low lower newest newest newest wide\n',
  'the lowest of the low is the newest of the new\n',
];

describe('BpeTrainer', () => {
  it('merges the most frequent pair first, ties to the smaller ids, specials first', () => {
    const t = new BpeTrainer({ vocabSize: 25, specialTokens: ['<unk>', '<pad>'] });
    t.feed(corpus, (s) => s.split(/\s+/).filter(Boolean));
    const { vocab, merges } = t.trainMerges();
    expect(vocab.get('<unk>')).toBe(0);
    expect(vocab.get('<pad>')).toBe(1);
    expect(vocab.size).toBe(25);
    // 'w e' is seen 10 times (newest ×5, lower ×2, lowest ×2, newer), 'l o' and 'o w' 9
    expect(merges[0]).toEqual(['w', 'e']);
    // then 'l o' before 'o w': equal counts, the smaller pair of ids wins
    expect(merges[1]).toEqual(['l', 'o']);
  });

  it('honours min frequency and limit alphabet', () => {
    const t = new BpeTrainer({ vocabSize: 1000, minFrequency: 5, limitAlphabet: 6 });
    t.feed(corpus, (s) => s.split(/\s+/).filter(Boolean));
    const { vocab, merges } = t.trainMerges();
    const single = [...vocab.keys()].filter((k) => [...k].length === 1);
    expect(single).toHaveLength(6);
    expect(merges.length).toBeGreaterThan(0);
    expect(vocab.size).toBeLessThan(40);
  });

  it('is deterministic whatever the order of the input', () => {
    const run = (lines: string[]) => {
      const tok = new Tokenizer(new Bpe(new Map(), []), { preTokenizer: new Whitespace() });
      return tok
        .train(
          new BpeTrainer({ vocabSize: 50, specialTokens: ['<unk>'], unkToken: '<unk>' }),
          lines,
        )
        .toString();
    };
    expect(run(corpus)).toBe(run([...corpus].reverse()));
  });
});

describe('WordPieceTrainer', () => {
  it('trains a WordPiece vocabulary with ## continuations that HF loads and encodes identically', async () => {
    const tok = new Tokenizer(new WordPiece(new Map()), {
      normalizer: new BertNormalizer(),
      preTokenizer: new BertPreTokenizer(),
    });
    tok.train(
      new WordPieceTrainer({ vocabSize: 60, specialTokens: ['[UNK]', '[CLS]', '[SEP]'] }),
      corpus,
    );
    const vocab = tok.getVocab();
    expect(vocab.get('[UNK]')).toBe(0);
    expect([...vocab.keys()].some((k) => k.startsWith('##'))).toBe(true);
    const text = 'The newest lowest widest xyz';
    const h = hf.Tokenizer.fromString(tok.toString());
    expect(tok.encode(text).ids).toEqual((await h.encode(text)).getIds());
    expect(tok.encode(text).tokens).toContain('[UNK]');
  });
});

describe('UnigramTrainer', () => {
  it('trains a Unigram model that HF loads and encodes identically, deterministically', async () => {
    const lines = Array.from({ length: 40 }, (_, i) => corpus[i % corpus.length]!);
    const run = () =>
      new Tokenizer(new Unigram([['<unk>', 0]], 0), { preTokenizer: new Metaspace() }).train(
        new UnigramTrainer({ vocabSize: 45 }),
        lines,
      );
    const tok = run();
    expect(tok.getVocabSize()).toBeLessThanOrEqual(45);
    expect(tok.tokenToId('<unk>')).toBe(0);
    expect(run().toString()).toBe(tok.toString());
    const text = 'the newest lower low';
    const h = hf.Tokenizer.fromString(tok.toString());
    expect(tok.encode(text).ids).toEqual((await h.encode(text)).getIds());
    // frequent words become single pieces
    expect(tok.encode('low').tokens).toEqual(['▁low']);
  });

  it('refuses a vocabulary smaller than the alphabet', () => {
    const t = new UnigramTrainer({ vocabSize: 3 });
    t.feed(['abcdef'], (s) => [s]);
    expect(() => t.train()).toThrow(/too small for the 6 distinct chars/);
  });
});
