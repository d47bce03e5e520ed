// Every `llm` subcommand, one file each. The dispatcher reads its table from these
// exports; a test fails when a file in this folder is not exported here.
export { classify } from './classify.js';
export { env } from './env.js';
export { evalCommand } from './eval.js';
export { finetune } from './finetune.js';
export { forward } from './forward.js';
export { generateCommand } from './generate.js';
export { mergeAdapter } from './merge-adapter.js';
export { serveCommand } from './serve.js';
export { tokenize } from './tokenize.js';
export { train } from './train.js';
export { trainTokenizer } from './train-tokenizer.js';
