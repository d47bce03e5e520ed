// Every model file. `fromPretrained` builds its table from these exports (any exported
// Architecture); a test fails if a model file in this folder is not exported here.
export * from './bert.js';
export * from './gpt.js';
export * from './t5.js';
