// Every optimizer, one file each. The registry (optimizer-registry.ts) is built from these
// exports; a test fails when a file in this folder is not exported here.
export { Adam, adam } from './adam.js';
export { type AdamOptions, AdamW, adamW } from './adam-w.js';
export { Sgd, type SgdOptions, sgd } from './sgd.js';
