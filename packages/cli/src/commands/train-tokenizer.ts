/**
 * `llm train-tokenizer` — train a tokenizer on text files and write tokenizer.json.
 *
 *   $ llm train-tokenizer --type byte-bpe --vocab-size 8000 --out tok/tokenizer.json corpus.txt
 *   {"type":"byte-bpe","vocabSize":8000,"out":"tok/tokenizer.json"}
 *
 * Inputs stream line by line (files may be larger than memory); the output is the same
 * bytes for the same inputs and settings.
 */
import {
  BertNormalizer,
  BertPreTokenizer,
  BertProcessing,
  Bpe,
  BpeTrainer,
  BYTE_TO_CHAR,
  ByteLevel,
  ByteLevelDecoder,
  ByteLevelPostProcessor,
  Metaspace,
  MetaspaceDecoder,
  Tokenizer,
  TokenizerError,
  type Trainer,
  Unigram,
  UnigramTrainer,
  Whitespace,
  WordPiece,
  WordPieceDecoder,
  WordPieceTrainer,
} from '@llm/tokenizer/node';
import { defineCommand } from '../command.js';
import { CliError, UsageError } from '../errors.js';

interface Recipe {
  specials: string[];
  make(
    specials: string[],
    vocabSize: number,
    minFrequency: number,
  ): { tokenizer: Tokenizer; trainer: Trainer };
}

/** One pipeline per --type, each the usual one for its model. */
const recipes: Record<string, Recipe> = {
  bpe: {
    specials: ['<unk>'],
    make: (specials, vocabSize, minFrequency) => ({
      tokenizer: new Tokenizer(new Bpe(new Map(), []), { preTokenizer: new Whitespace() }),
      trainer: new BpeTrainer({
        vocabSize,
        minFrequency,
        specialTokens: specials,
        unkToken: specials[0] ?? null,
      }),
    }),
  },
  'byte-bpe': {
    specials: ['<|endoftext|>'],
    make: (specials, vocabSize, minFrequency) => ({
      tokenizer: new Tokenizer(new Bpe(new Map(), []), {
        preTokenizer: new ByteLevel({ addPrefixSpace: false }),
        postProcessor: new ByteLevelPostProcessor({ trimOffsets: false }),
        decoder: new ByteLevelDecoder(),
      }),
      trainer: new BpeTrainer({
        vocabSize,
        minFrequency,
        specialTokens: specials,
        initialAlphabet: [...BYTE_TO_CHAR],
      }),
    }),
  },
  wordpiece: {
    specials: ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'],
    make: (specials, vocabSize, minFrequency) => ({
      tokenizer: new Tokenizer(new WordPiece(new Map()), {
        normalizer: new BertNormalizer(),
        preTokenizer: new BertPreTokenizer(),
        postProcessor: new BertProcessing(
          ['[SEP]', specials.indexOf('[SEP]')],
          ['[CLS]', specials.indexOf('[CLS]')],
        ),
        decoder: new WordPieceDecoder(),
      }),
      trainer: new WordPieceTrainer({ vocabSize, minFrequency, specialTokens: specials }),
    }),
  },
  unigram: {
    specials: ['<unk>'],
    make: (specials, vocabSize) => ({
      tokenizer: new Tokenizer(new Unigram([['<unk>', 0]], 0), {
        preTokenizer: new Metaspace(),
        decoder: new MetaspaceDecoder(),
      }),
      trainer: new UnigramTrainer({
        vocabSize,
        specialTokens: specials,
        unkToken: specials[0] ?? null,
      }),
    }),
  },
};

export const trainTokenizer = defineCommand({
  name: 'train-tokenizer',
  summary: 'Train a BPE, byte-level BPE, WordPiece or Unigram tokenizer; write tokenizer.json.',
  description:
    'Reads the INPUT files line by line (streamed, any size) and writes the trained\n' +
    'tokenizer.json atomically. Pipelines: bpe (whitespace split), byte-bpe (GPT-2),\n' +
    'wordpiece (BERT, uncased), unigram (SentencePiece metaspace). Deterministic.',
  positionals: { usage: 'INPUT...', min: 1, max: Number.POSITIVE_INFINITY },
  options: {
    type: {
      type: 'string',
      description: 'bpe | byte-bpe | wordpiece | unigram',
      valueName: 'TYPE',
      required: true,
    },
    'vocab-size': {
      type: 'integer',
      min: 1,
      description: 'size of the vocabulary',
      valueName: 'N',
      required: true,
    },
    out: {
      type: 'string',
      description: 'where to write tokenizer.json',
      valueName: 'FILE',
      required: true,
    },
    'min-frequency': {
      type: 'integer',
      min: 0,
      description: 'merge only pairs seen this often (BPE, WordPiece)',
      valueName: 'N',
      default: 0,
    },
    'special-tokens': {
      type: 'string',
      description: 'comma-separated; default depends on --type',
      valueName: 'LIST',
    },
  },
  async run({ options, positionals, io }) {
    const recipe = recipes[options.type];
    if (recipe === undefined) {
      throw new UsageError(
        `--type must be one of ${Object.keys(recipes).join(', ')}, got '${options.type}'`,
      );
    }
    const vocabSize = options['vocab-size'];
    const minFrequency = options['min-frequency'];
    const specials =
      options['special-tokens'] === undefined
        ? recipe.specials
        : options['special-tokens'].split(',').filter((t) => t !== '');
    if (
      options.type === 'wordpiece' &&
      (!specials.includes('[CLS]') || !specials.includes('[SEP]'))
    ) {
      throw new UsageError('--type wordpiece needs [CLS] and [SEP] among --special-tokens');
    }
    try {
      const { tokenizer, trainer } = recipe.make(specials, vocabSize, minFrequency);
      await tokenizer.trainFromFiles(trainer, positionals);
      await tokenizer.save(options.out);
      io.out(
        `${JSON.stringify({ type: options.type, vocabSize: tokenizer.getVocabSize(), out: options.out })}\n`,
      );
      return 0;
    } catch (e) {
      if (e instanceof TokenizerError) throw new CliError(e.message);
      throw e;
    }
  },
});
