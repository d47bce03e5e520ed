/**
 * Model directories for the CLI's tests: a PyTorch fixture of @llm/models (vocab 96) copied
 * into a temporary folder with a small WordPiece tokenizer.json beside it, so the commands
 * that read text (classify, finetune) run on real checkpoints.
 *
 *   const dir = await fixtureWithTokenizer('bert_cls');   // config.json, model.safetensors, tokenizer.json
 */
import { copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BertNormalizer,
  BertPreTokenizer,
  BertProcessing,
  Tokenizer,
  WordPiece,
  WordPieceDecoder,
} from '@llm/tokenizer/node';

export const fixtures = fileURLToPath(new URL('../../models/test/fixtures/', import.meta.url));

const SPECIAL = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
const WORDS = [
  'the',
  'a',
  'movie',
  'film',
  'was',
  'is',
  'good',
  'great',
  'bad',
  'awful',
  'fun',
  'boring',
  'i',
  'it',
  'loved',
  'hated',
  'and',
  'not',
  'very',
  'plot',
  'acting',
  'cat',
  'dog',
  'sat',
  'on',
  'mat',
  'hello',
  'world',
  '.',
  ',',
  '!',
  '##s',
  '##ing',
  '##ed',
];

/** BERT's pipeline over 39 tokens ([PAD] 0 … [MASK] 4): fits every fixture's 96-token vocabulary. */
export function testTokenizer(): Tokenizer {
  const vocab = [...SPECIAL, ...WORDS];
  const tok = new Tokenizer(new WordPiece(new Map(vocab.map((t, i) => [t, i]))), {
    normalizer: new BertNormalizer(),
    preTokenizer: new BertPreTokenizer(),
    postProcessor: new BertProcessing(['[SEP]', 3], ['[CLS]', 2]),
    decoder: new WordPieceDecoder(),
  });
  tok.addSpecialTokens(SPECIAL);
  return tok;
}

/** A copy of fixture `name` (gpt2, bert, bert_cls, t5) with testTokenizer()'s tokenizer.json. */
export async function fixtureWithTokenizer(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `llm-${name}-`));
  for (const file of ['config.json', 'model.safetensors'])
    await copyFile(join(fixtures, name, file), join(dir, file));
  await testTokenizer().save(join(dir, 'tokenizer.json'));
  return dir;
}
