// Every metric, one file each. The registry (`metrics`) is built from these exports; a test
// fails when a file in src/ defines a metric that is not exported here.
export { accuracy } from './accuracy.js';
export { bitsPerByte } from './bits-per-byte.js';
export { bleu } from './bleu.js';
export { confusionMatrix } from './confusion-matrix.js';
export { entityF1 } from './entity-f1.js';
export { exactMatch } from './exact-match.js';
export { f1 } from './f1.js';
export { mcc } from './mcc.js';
export { nltkBleu } from './nltk-bleu.js';
export { perplexity } from './perplexity.js';
export { precision } from './precision.js';
export { recall } from './recall.js';
export { rouge } from './rouge.js';
export { squadF1 } from './squad-f1.js';
