// Each normalizer, pre-tokenizer, post-processor, decoder and added-token option built in
// HF `tokenizers`, saved, loaded by us: identical encodings (and decodings) on the tricky
// strings and the start of Moby Dick.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import hf from 'tokenizers';
import { beforeAll, describe, expect, it } from 'vitest';
import { Tokenizer } from '../src/index.js';
import {
  fixture,
  fromHf,
  mobyDick,
  plain,
  readFixture as readFixtureText,
  TRICKY,
} from './helpers.js';

let dir: string;
let texts: string[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tok-pipeline-'));
  texts = [
    ...TRICKY,
    ...mobyDick().split('\n').slice(0, 60),
    'I have 123 apples, 4.5 pears; and "quotes" — dashes...',
  ];
});

async function bertBase(): Promise<hf.Tokenizer> {
  return new hf.Tokenizer(
    await hf.WordPiece.fromFile(fixture('bert-base-uncased-vocab.txt'), { unkToken: '[UNK]' }),
  );
}

/** Saves the HF tokenizer, loads it with us, compares encode / decode on all texts. */
async function same(theirs: hf.Tokenizer, pairs = false): Promise<void> {
  const path = join(dir, `t${Math.random().toString(36).slice(2)}.json`);
  theirs.save(path);
  const ours = Tokenizer.fromString(readFileSync(path, 'utf8'), path);
  for (let i = 0; i < texts.length; i++) {
    const s = texts[i]!;
    const p = pairs ? texts[(i + 1) % texts.length]! : null;
    const h = p === null ? await theirs.encode(s) : await theirs.encode(s, p);
    const mine = ours.encode(s, { pair: p });
    const seqOf = (k: number) => (p !== null && h.getTypeIds()[k] === 1 ? 1 : 0);
    expect(plain(mine), JSON.stringify([s, p])).toEqual(
      fromHf(h, p === null ? [s] : [s, p], seqOf),
    );
    for (const skip of [false, true]) {
      expect(ours.decode(h.getIds(), { skipSpecialTokens: skip }), JSON.stringify(s)).toBe(
        await theirs.decode(h.getIds(), skip),
      );
    }
  }
}

describe('normalizers', () => {
  const cases: [string, () => hf.Normalizer][] = [
    ['NFC', () => hf.nfcNormalizer()],
    ['NFD', () => hf.nfdNormalizer()],
    ['NFKC', () => hf.nfkcNormalizer()],
    ['NFKD', () => hf.nfkdNormalizer()],
    ['Lowercase', () => hf.lowercase()],
    [
      'NFD + StripAccents',
      () => hf.sequenceNormalizer([hf.nfdNormalizer(), hf.stripAccentsNormalizer()]),
    ],
    ['Replace', () => hf.replace('a', 'AA')],
    ['Strip', () => hf.stripNormalizer(true, true)],
    ['Prepend', () => hf.prependNormalizer('▁')],
    [
      'BertNormalizer (cased, accents kept)',
      () => hf.bertNormalizer({ lowercase: false, stripAccents: false }),
    ],
  ];
  it.each(cases)('%s', async (_, make) => {
    const t = await bertBase();
    t.setNormalizer(make());
    t.setPreTokenizer(hf.whitespaceSplitPreTokenizer());
    await same(t);
  });
});

describe('pre-tokenizers', () => {
  const cases: [string, () => hf.PreTokenizer][] = [
    ['Whitespace', () => hf.whitespacePreTokenizer()],
    ['WhitespaceSplit', () => hf.whitespaceSplitPreTokenizer()],
    ['Punctuation', () => hf.punctuationPreTokenizer()],
    ['Punctuation merged_with_previous', () => hf.punctuationPreTokenizer('mergedWithPrevious')],
    ['Digits individual', () => hf.digitsPreTokenizer(true)],
    ['Digits runs', () => hf.digitsPreTokenizer(false)],
    ['Metaspace always', () => hf.metaspacePreTokenizer('▁', 'always', true)],
    ['Metaspace first', () => hf.metaspacePreTokenizer('▁', 'first', true)],
    ['Split removed', () => hf.splitPreTokenizer(' ', 'removed')],
    ['Split isolated, inverted', () => hf.splitPreTokenizer('a', 'isolated', true)],
    ['Split merged_with_next', () => hf.splitPreTokenizer('e', 'mergedWithNext')],
    ['Split contiguous', () => hf.splitPreTokenizer('s', 'contiguous')],
    ['BertPreTokenizer', () => hf.bertPreTokenizer()],
    [
      'Sequence',
      () =>
        hf.sequencePreTokenizer([hf.whitespaceSplitPreTokenizer(), hf.digitsPreTokenizer(true)]),
    ],
  ];
  it.each(cases)('%s', async (_, make) => {
    const t = await bertBase();
    t.setNormalizer(hf.bertNormalizer());
    t.setPreTokenizer(make());
    await same(t);
  });

  it('Split by an Oniguruma regex with (?i:...) and \\s (Llama 3 style) + byte-level', async () => {
    const llama3 =
      "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    // The node binding's splitPreTokenizer takes a literal string, so write the Regex form
    // into tokenizer.json by hand.
    const json = JSON.parse(readFixtureText('gpt2-tokenizer.json'));
    json.pre_tokenizer = {
      type: 'Sequence',
      pretokenizers: [
        { type: 'Split', pattern: { Regex: llama3 }, behavior: 'Isolated', invert: false },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    };
    const t = hf.Tokenizer.fromString(JSON.stringify(json));
    texts.push("THEY'LL've DON'T 12345 I'M");
    await same(t);
  });

  it('ByteLevel with a prefix space and offset trimming (RoBERTa style)', async () => {
    const t = hf.Tokenizer.fromFile(fixture('gpt2-tokenizer.json'));
    t.setPreTokenizer(hf.byteLevelPreTokenizer(true, true));
    t.setPostProcessor(hf.byteLevelProcessing(true));
    await same(t);
  });
});

describe('post-processors and added tokens', () => {
  it('TemplateProcessing (BERT template) on pairs', async () => {
    const t = await bertBase();
    t.setNormalizer(hf.bertNormalizer());
    t.setPreTokenizer(hf.bertPreTokenizer());
    t.setPostProcessor(
      hf.templateProcessing('[CLS] $A [SEP]', '[CLS] $A [SEP] $B:1 [SEP]:1', [
        ['[CLS]', 101],
        ['[SEP]', 102],
      ]),
    );
    t.setDecoder(hf.wordPieceDecoder());
    t.addSpecialTokens(['[CLS]', '[SEP]', '[PAD]', '[MASK]']);
    await same(t, true);
  });

  it('added tokens: lstrip, rstrip, single word, normalized or not, special or not', async () => {
    const t = hf.Tokenizer.fromFile(fixture('gpt2-tokenizer.json'));
    t.addAddedTokens([
      new hf.AddedToken('<mask>', true, { leftStrip: true }),
      new hf.AddedToken('whale', false, { singleWord: true }),
      new hf.AddedToken('ship', false, { rightStrip: true, normalized: false }),
      new hf.AddedToken('Ishmael', true, { normalized: true }),
    ]);
    texts.push('the <mask> whale whales   <mask>ship   shipwreck, Ishmael!  <mask>');
    await same(t);
  });
});

describe('byte fallback', () => {
  const bytes = Array.from(
    { length: 256 },
    (_, b) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`,
  );

  it('Unigram with <0xAB> byte fallback and the ByteFallback + Fuse + Metaspace decoders', async () => {
    const pieces: [string, number][] = [
      ['<unk>', 0],
      ...bytes.map((b): [string, number] => [b, -20]),
    ];
    'abcdefghijklmnopqrstuvwxyz'.split('').forEach((c, i) => {
      pieces.push([c, -3 - i / 10]);
    });
    for (const w of ['▁the', '▁whale', 'ing', '▁a', 'er', '▁Ishmael']) pieces.push([w, -2]);
    const t = new hf.Tokenizer(hf.Unigram.init(pieces, { unkId: 0, byteFallback: true }));
    t.setPreTokenizer(hf.metaspacePreTokenizer());
    t.setDecoder(
      hf.sequenceDecoder([
        hf.replaceDecoder('▁', ' '),
        hf.byteFallbackDecoder(),
        hf.fuseDecoder(),
        hf.stripDecoder(' ', 1, 0),
      ]),
    );
    await same(t);
  });

  it('BPE with byte fallback and an unknown token', async () => {
    const vocab: Record<string, number> = { '<unk>': 0 };
    for (const b of bytes) vocab[b] = Object.keys(vocab).length;
    for (const c of 'abcdefghijklmnopqrstuvwxyz') vocab[c] = Object.keys(vocab).length;
    vocab.th = Object.keys(vocab).length;
    vocab.the = Object.keys(vocab).length;
    const t = new hf.Tokenizer(
      hf.BPE.init(
        vocab,
        [
          ['t', 'h'],
          ['th', 'e'],
        ],
        { unkToken: '<unk>', byteFallback: true },
      ),
    );
    t.setPreTokenizer(hf.whitespaceSplitPreTokenizer());
    t.setDecoder(hf.sequenceDecoder([hf.byteFallbackDecoder(), hf.fuseDecoder()]));
    await same(t);
  });
});
