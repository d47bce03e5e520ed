// Every normalizer, one file each; the registry is built from these exports (a test fails
// when a file in this folder is not exported here).
export { BertNormalizer } from './bert-normalizer.js';
export { Lowercase } from './lowercase.js';
export { Precompiled } from './precompiled.js';
export { Prepend } from './prepend.js';
export { Replace } from './replace.js';
export { NormalizerSequence } from './sequence.js';
export { Strip } from './strip.js';
export { StripAccents } from './strip-accents.js';
export { Nfc, Nfd, Nfkc, Nfkd } from './unicode.js';
