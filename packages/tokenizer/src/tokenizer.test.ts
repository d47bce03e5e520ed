import { describe, expect, it } from 'vitest';
import { Bpe } from './models/bpe.js';
import { WordPiece } from './models/word-piece.js';
import { BertPreTokenizer } from './pre-tokenizers/bert-pre-tokenizer.js';
import { Tokenizer } from './tokenizer.js';

const minimal = (model: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ model, ...extra });
const bpe = { type: 'BPE', vocab: { a: 0, b: 1, ab: 2 }, merges: ['a b'] };

describe('Tokenizer.fromString: bad input is one line naming the file and field', () => {
  const cases: [string, string, RegExp][] = [
    ['not JSON', '{"model": ', /^x\.json is not valid JSON: /],
    ['no model', '{}', /^x\.json: model must be an object$/],
    [
      'unknown model',
      minimal({ type: 'Foo' }),
      /^x\.json: model\.type: unknown model "Foo" \(supported: BPE, Unigram, WordPiece\)$/,
    ],
    [
      'vocab of the wrong type',
      minimal({ type: 'BPE', vocab: [1], merges: [] }),
      /^x\.json: model\.vocab must be an object$/,
    ],
    [
      'a bad id',
      minimal({ type: 'WordPiece', vocab: { a: -1 } }),
      /^x\.json: model\.vocab\["a"\] must be a non-negative integer id$/,
    ],
    [
      'a merge of unknown tokens',
      minimal({ ...bpe, merges: ['a c'] }),
      /^x\.json: model\.merges\[0\]: token "c" is not in the vocabulary$/,
    ],
    [
      'a malformed merge',
      minimal({ ...bpe, merges: [3] }),
      /^x\.json: model\.merges\[0\] must be "a b" or \["a", "b"\]$/,
    ],
    [
      'unigram vocab entries',
      minimal({ type: 'Unigram', vocab: [['a']] }),
      /^x\.json: model\.vocab\[0\] must be \["piece", score\]$/,
    ],
    [
      'unknown normalizer',
      minimal(bpe, { normalizer: { type: 'Shout' } }),
      /^x\.json: normalizer\.type: unknown normalizer "Shout" \(supported: .*Lowercase.*\)$/,
    ],
    [
      'nested field',
      minimal(bpe, {
        normalizer: {
          type: 'Sequence',
          normalizers: [{ type: 'Replace', pattern: { Regex: '(' }, content: '' }],
        },
      }),
      /^x\.json: normalizer\.normalizers\[0\]\.pattern\.Regex is not a valid regular expression/,
    ],
    [
      'a post-processor field',
      minimal(bpe, { post_processor: { type: 'BertProcessing', sep: '[SEP]', cls: ['[CLS]', 1] } }),
      /^x\.json: post_processor\.sep must be \["token", id\]$/,
    ],
    [
      'added tokens',
      minimal(bpe, { added_tokens: [{ id: 'x', content: 'a' }] }),
      /^x\.json: added_tokens\[0\]\.id must be a number$/,
    ],
    [
      'truncation',
      minimal(bpe, { truncation: { max_length: 5, strategy: 'Middle' } }),
      /^x\.json: truncation\.strategy must be one of LongestFirst, OnlyFirst, OnlySecond$/,
    ],
  ];
  it.each(cases)('%s', (_, text, message) => {
    expect(() => Tokenizer.fromString(text, 'x.json')).toThrow(message);
    try {
      Tokenizer.fromString(text, 'x.json');
    } catch (e) {
      expect((e as Error).message).not.toContain('\n');
      expect((e as Error).name).toBe('TokenizerError');
    }
  });

  it.each(cases)('%s, from bytes (Tokenizer.fromBuffer): the same one line', (_, text, message) => {
    const bytes = new TextEncoder().encode(text);
    expect(() => Tokenizer.fromBuffer(bytes, 'x.json')).toThrow(message);
  });

  it('fromBuffer decodes UTF-8 (a BOM allowed) and rejects bytes that are not UTF-8', () => {
    const text = minimal({ type: 'WordPiece', vocab: { '[UNK]': 0, héllo: 1, 日本: 2 } });
    const bytes = new TextEncoder().encode(`\uFEFF${text}`);
    const tok = Tokenizer.fromBuffer(bytes, 'x.json');
    expect(tok.toJSON()).toEqual(Tokenizer.fromString(text).toJSON());
    expect(tok.tokenToId('日本')).toBe(2);
    const latin1 = Uint8Array.from([...'{"model": "h'].map((c) => c.charCodeAt(0)).concat(0xe9));
    expect(() => Tokenizer.fromBuffer(latin1, 'x.json')).toThrow(/^x\.json is not valid UTF-8$/);
    expect(() => Tokenizer.fromBuffer(latin1, 'x.json')).toThrow(
      expect.objectContaining({ name: 'TokenizerError' }),
    );
  });

  it('infers the model type of old files without one', () => {
    const { type: _, ...untyped } = bpe;
    expect(Tokenizer.fromString(minimal(untyped)).model).toBeInstanceOf(Bpe);
  });
});

describe('Tokenizer', () => {
  const wp = () =>
    new Tokenizer(
      new WordPiece(new Map(['[UNK]', 'hello', 'world', '##s', '[PAD]'].map((t, i) => [t, i]))),
      {
        preTokenizer: new BertPreTokenizer(),
      },
    );

  it('encodes without a post-processor and pairs get type ids 0 / 1', () => {
    const e = wp().encode('hello worlds', { pair: 'hello' });
    expect(e.tokens).toEqual(['hello', 'world', '##s', 'hello']);
    expect(e.typeIds).toEqual([0, 0, 0, 1]);
    expect(e.offsets).toEqual([
      [0, 5],
      [6, 11],
      [11, 12],
      [0, 5],
    ]);
    expect(e.wordIds).toEqual([0, 1, 1, 0]);
  });

  it('assigns added tokens the next free ids and keeps known ones', () => {
    const t = wp();
    expect(t.addSpecialTokens(['[PAD]', '<new>'])).toBe(1);
    expect(t.tokenToId('[PAD]')).toBe(4);
    expect(t.tokenToId('<new>')).toBe(5);
    expect(t.encode('hello<new>world').tokens).toEqual(['hello', '<new>', 'world']);
    expect(t.decode([1, 5, 2], { skipSpecialTokens: true })).toBe('hello world');
  });

  it('refuses truncation settings that cannot work, with one line', () => {
    expect(() => wp().setTruncation({ maxLength: 4, stride: 4 })).toThrow(
      'truncation stride (4) must be smaller than maxLength (4)',
    );
    const t = wp().setTruncation({ maxLength: 2, strategy: 'only_second' });
    expect(() => t.encode('hello world worlds')).toThrow(
      'truncation only_second needs a pair of sequences',
    );
  });
});
