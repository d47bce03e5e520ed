// Every strategy file. The registry is built from these exports; a test fails if a file
// in this folder is not exported here.
export * from './adapter.js';
export * from './bitfit.js';
export * from './freeze.js';
export * from './full.js';
export * from './head-only.js';
export * from './lora.js';
export * from './prompt-tuning.js';
