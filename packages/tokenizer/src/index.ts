/**
 * @llm/tokenizer — byte-level BPE, WordPiece and Unigram tokenizers: train, encode with
 * offsets, decode, and read / write Hugging Face `tokenizer.json`. Runs in browsers too;
 * file access is in '@llm/tokenizer/node'.
 *
 *   import { Tokenizer } from '@llm/tokenizer';
 *   const tok = Tokenizer.fromString(json);
 *   tok.decode(tok.encode('Hello world').ids);   // 'Hello world'
 */
export * from './added-vocabulary.js';
export type * from './components.js';
export * from './decoders/index.js';
export { Encoding, type Offsets } from './encoding.js';
export { TokenizerError } from './errors.js';
export * from './models/index.js';
export { NormalizedString } from './normalized-string.js';
export * from './normalizers/index.js';
export * from './post-processors/index.js';
export { PreTokenizedString } from './pre-tokenized-string.js';
export { BYTE_TO_CHAR, GPT2_PATTERN } from './pre-tokenizers/byte-level.js';
export * from './pre-tokenizers/index.js';
export {
  decoderRegistry,
  loadDecoder,
  loadModel,
  loadNormalizer,
  loadPostProcessor,
  loadPreTokenizer,
  modelRegistry,
  normalizerRegistry,
  postProcessorRegistry,
  preTokenizerRegistry,
} from './registry.js';
export * from './tokenizer.js';
export * from './trainers/index.js';
