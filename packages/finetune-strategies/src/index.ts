/**
 * @llm/finetune-strategies — ways to fine-tune a pretrained model, each one file behind
 * the `FinetuneStrategy` interface, found by name from the exports.
 *
 *   import { getStrategy, trainableReport } from '@llm/finetune-strategies';
 *   const trainable = getStrategy('full').apply(model);     // what the optimizer trains
 *   console.log(trainableReport(model));                     // PEFT's one-line report
 */
export {
  type FinetuneStrategy,
  isFinetuneStrategy,
  type StrategyOptions,
} from './finetune-strategy.js';
export { getStrategy, strategies, strategyRegistry } from './registry.js';
export * from './strategies/index.js';
export { trainableReport } from './trainable-report.js';
