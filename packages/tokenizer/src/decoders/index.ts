// Every decoder, one file each; the registry is built from these exports (a test fails
// when a file in this folder is not exported here).
export { ByteFallback } from './byte-fallback.js';
export { ByteLevelDecoder } from './byte-level.js';
export { Fuse } from './fuse.js';
export { MetaspaceDecoder } from './metaspace.js';
export { ReplaceDecoder } from './replace.js';
export { DecoderSequence } from './sequence.js';
export { StripDecoder } from './strip.js';
export { WordPieceDecoder } from './word-piece.js';
