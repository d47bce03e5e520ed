/**
 * @llm/models — GPT-2, BERT and T5, numerically identical to PyTorch, loading and saving
 * Hugging Face model directories.
 *
 *   import { fromPretrained } from '@llm/models';
 *   const model = await fromPretrained('runs/gpt');        // Gpt / Bert… / T5… from config.json
 *   const { logits, loss } = model.forward({ inputIds, labels: inputIds });
 */
export * from './architectures.js';
export { ConfigError } from './config-error.js';
export {
  type GenerateOptions,
  type GenerationStart,
  type GenerationState,
  type GenerativeModel,
  generate,
  streamGenerate,
} from './generation.js';
export { parseInputs, readInputsFile } from './inputs.js';
export { activationBytes, checkMemory, MemoryError } from './memory.js';
// the interfaces every model implements, and PretrainedModule, their base class
export * from './model.js';
export {
  architectureTable,
  fromBytes,
  fromPretrained,
  loadCheckpoint,
  modelFromHfConfig,
  savePretrained,
} from './pretrained.js';
