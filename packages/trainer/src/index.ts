/**
 * @llm/trainer — the training loop over interfaces (`Module`, `Objective`, `Optimizer`):
 * SGD / Adam / AdamW exact to PyTorch, HF's LR schedules, global-norm clipping,
 * token-exact gradient accumulation, NaN guards, evaluation and early stopping,
 * checkpoints with exact resume, data loaders, a progress bar and a loss curve.
 * File, terminal and process pieces are at `@llm/trainer/node`.
 *
 *   import { train, AdamW, DataLoader, linearSchedule } from '@llm/trainer';
 *   const optimizer = new AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0.01 });
 *   await train({ model, objective, optimizer, data: new DataLoader(blocks, { batchSize: 8 }), steps: 100 });
 */

// one implementation, in @llm/objectives (causalLm packs with it); re-exported for callers here
export { type PackOptions, packDocuments } from '@llm/objectives';
export {
  type CheckpointData,
  CheckpointError,
  type CheckpointStore,
  checkSignature,
  decodeTrainerState,
  encodeTrainerState,
  memoryCheckpoints,
  modelSignature,
  modelTensors,
  restoreModelTensors,
  type TrainerState,
} from './checkpoint.js';
export { clipGradNorm, gradNorm } from './clip-grad-norm.js';
export {
  type DataCursor,
  DataLoader,
  type DataLoaderOptions,
  type DataSource,
} from './data/data-loader.js';
export { type PaddedBatch, type PadOptions, padBatch } from './data/pad-batch.js';
export { type SplitOptions, trainValSplit } from './data/train-val-split.js';
export {
  evaluationSums,
  type LanguageModelMetrics,
  languageModelMetrics,
} from './language-model-metrics.js';
export { type LossCurveData, type LossCurveOptions, lossCurveSvg } from './loss-curve.js';
export {
  BaseOptimizer,
  type BaseOptions,
  type Optimizer,
  type OptimizerDef,
  type OptimizerState,
  OptimizerStateError,
  type ParamGroup,
  type ParamGroupSpec,
  type ParamState,
} from './optimizer.js';
export { getOptimizer, isOptimizerDef, optimizers } from './optimizer-registry.js';
export * from './optimizers/index.js';
export { type HasNamedParameters, type ParamGroupsOptions, paramGroups } from './param-groups.js';
export {
  formatDuration,
  ProgressBar,
  type ProgressBarOptions,
  type ProgressState,
  renderProgress,
} from './progress-bar.js';
export { UnknownNameError } from './registry.js';
export { defineSchedule, type Schedule, type ScheduleDef } from './schedule.js';
export { getSchedule, isScheduleDef, schedules } from './schedule-registry.js';
export * from './schedules/index.js';
export {
  type EvalInfo,
  evaluationLoss,
  NonFiniteError,
  type StepInfo,
  type TrainCallbacks,
  type TrainOptions,
  type TrainResult,
  train,
} from './train.js';
