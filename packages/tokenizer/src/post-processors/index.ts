// Every post-processor, one file each; the registry is built from these exports (a test
// fails when a file in this folder is not exported here).
export { BertProcessing } from './bert-processing.js';
export { ByteLevelPostProcessor } from './byte-level.js';
export { RobertaProcessing } from './roberta-processing.js';
export { PostProcessorSequence } from './sequence.js';
export { TemplateProcessing } from './template-processing.js';
