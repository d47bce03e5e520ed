// Every tokenization model, one file each; the registry is built from these exports (a
// test fails when a model file in this folder is not exported here).
export { Bpe } from './bpe.js';
export { Unigram } from './unigram.js';
export { WordPiece } from './word-piece.js';
