/**
 * @llm/finetune-strategies — ways to fine-tune a pretrained model, each one file behind
 * the `FinetuneStrategy` interface, found by name from the exports; LoRA adapters in
 * PEFT's file format (directories on disk: `@llm/finetune-strategies/node`).
 *
 *   import { getStrategy, trainableReport } from '@llm/finetune-strategies';
 *   const trainable = getStrategy('lora').apply(model, { r: 8 });   // what the optimizer trains
 *   console.log(trainableReport(model));                             // PEFT's one-line report
 */
export {
  type AppliedLora,
  applyLora,
  DEFAULT_LORA_TARGETS,
  type LoraConfig,
  type LoraSettings,
  loraConfigOf,
  loraLayers,
  resolveLoraConfig,
} from './apply-lora.js';
export { BottleneckAdapter, type BottleneckAdapterOptions } from './bottleneck-adapter.js';
export {
  type FinetuneStrategy,
  isFinetuneStrategy,
  type StrategyOptions,
} from './finetune-strategy.js';
export { LoraLayer, type LoraLayerOptions } from './lora-layer.js';
export { mergeAndUnload } from './merge-and-unload.js';
export {
  ADAPTER_CONFIG_NAME,
  ADAPTER_WEIGHTS_NAME,
  AdapterError,
  type AdapterFiles,
  type AdapterInfo,
  adapterConfig,
  adapterFiles,
  adapterTensors,
  hasPeftAdapter,
  type LoadAdapterOptions,
  type LoadedAdapter,
  loadAdapter,
  type ParsedAdapterConfig,
  PEFT_KEY_PREFIX,
  PEFT_TASK_TYPES,
  type PeftTaskType,
  parseAdapterConfig,
  peftTaskType,
  taskFromPeft,
} from './peft.js';
export { PROMPT_KEY, promptAdapterFiles } from './peft-prompt.js';
export {
  addPromptTuning,
  PromptEmbedding,
  type PromptTuningOptions,
  promptEmbeddingOf,
} from './prompt-embedding.js';
export { getStrategy, strategies, strategyRegistry } from './registry.js';
export * from './strategies/index.js';
export { matchesTarget, matchingModules, type TargetModules } from './target-match.js';
export {
  classificationHeadPaths,
  TASK_HEAD_NAMES,
  taskHeadParameters,
  taskHeadPaths,
} from './task-head.js';
export { trainableReport } from './trainable-report.js';
