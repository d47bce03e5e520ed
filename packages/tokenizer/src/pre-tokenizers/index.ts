// Every pre-tokenizer, one file each; the registry is built from these exports (a test
// fails when a file in this folder is not exported here).
export { BertPreTokenizer } from './bert-pre-tokenizer.js';
export { ByteLevel } from './byte-level.js';
export { Digits } from './digits.js';
export { Metaspace } from './metaspace.js';
export { Punctuation } from './punctuation.js';
export { PreTokenizerSequence } from './sequence.js';
export { Split } from './split.js';
export { Whitespace } from './whitespace.js';
export { WhitespaceSplit } from './whitespace-split.js';
