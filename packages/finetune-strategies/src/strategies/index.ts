// Every strategy file. The registry is built from these exports; a test fails if a file
// in this folder is not exported here.
export * from './full.js';
export * from './lora.js';
