/**
 * `train()`: the loop of pre-training and fine-tuning, over interfaces only — a `Module`,
 * an `Objective`, an `Optimizer`, a `Schedule` and a `DataSource`; it never knows which
 * model it trains.
 *
 *   import { train, AdamW, DataLoader, cosineSchedule, paramGroups } from '@llm/trainer';
 *   const result = await train({
 *     model, objective,                                  // objective: makeBatch + loss (+ countTargets)
 *     optimizer: new AdamW(paramGroups(model, { weightDecay: 0.1 }), { lr: 3e-4 }),
 *     schedule: cosineSchedule({ warmupSteps: 100, totalSteps: 2000, minLrRatio: 0.1 }),
 *     data: new DataLoader(blocks, { batchSize: 8, seed: 0 }),
 *     steps: 2000, accumulate: 4, clip: 1.0, seed: 0,
 *     evaluate: { every: 200, batches: validationBatches },
 *     earlyStopping: { patience: 3 },
 *     checkpoint: { store: checkpointDirectory('runs/gpt'), every: 500 },   // resumes from the newest
 *     callbacks: [progressBar(), jsonlMetrics('runs/gpt/metrics.jsonl')],
 *   });
 *
 * One step, each part a function below `train()`, in the order it runs: `applySchedule`
 * (lr = initialLr × schedule(step)); `nextBatch` (all `accumulate` micro-batches first, so
 * each one's loss can be weighted by its share of the target tokens of the whole step);
 * `forwardBackward` (Σ loss_i · n_i / N: the gradient of one big batch, however the
 * padding falls); `clipGradients` (the global gradient norm); `stepOptimizer` (a NaN / Inf
 * skips the update, or stops the run); `log`, `maybeEvaluate`, `maybeCheckpoint` — which
 * call the hooks in that order. The steps share one `TrainState`.
 */
import type { Module } from '@llm/layers';
import type { Objective } from '@llm/objectives';
import { defaultRng, Rng, type Tensor } from '@llm/tensor-core';
import {
  type CheckpointStore,
  checkSignature,
  decodeTrainerState,
  encodeTrainerState,
  modelSignature,
  modelTensors,
  restoreModelTensors,
  type TrainerState,
} from './checkpoint.js';
import { clipGradNorm, gradNorm } from './clip-grad-norm.js';
import type { DataSource } from './data/data-loader.js';
import { evaluationSums } from './language-model-metrics.js';
import type { Optimizer } from './optimizer.js';
import type { Schedule } from './schedule.js';
import { constantSchedule } from './schedules/constant-schedule.js';

export interface StepInfo {
  /** Updates done, this one included (1 for the first). */
  readonly step: number;
  readonly totalSteps: number;
  /** The loss before this update (target-weighted mean over the micro-batches). */
  readonly loss: number;
  /** The learning rate of this update (the first group's). */
  readonly lr: number;
  /** The global gradient norm before clipping. */
  readonly gradNorm: number;
  /** Tokens in this step's examples (their lengths), or targets when examples have no length. */
  readonly tokens: number;
  /** True when a NaN / Inf skipped this update. */
  readonly skipped: boolean;
}

export interface EvalInfo {
  readonly step: number;
  /** Target-weighted mean loss over the evaluation batches. */
  readonly loss: number;
  /** The best evaluation loss so far (this one included). */
  readonly best: number;
}

export interface TrainResult {
  /** Updates done in total (a resumed run counts the ones before). */
  readonly steps: number;
  /** Loss of every step from the first (a resumed run includes the ones before). */
  readonly losses: readonly number[];
  readonly evals: readonly { readonly step: number; readonly loss: number }[];
  /** Why the run ended before `steps`, if it did (early stopping). */
  readonly stoppedEarly: string | null;
  readonly skippedSteps: number;
  /** The step the run resumed from (0 for a fresh run). */
  readonly resumedFrom: number;
}

/** Hooks into the loop; each may be async (the loop awaits it). */
export interface TrainCallbacks {
  onStart?(info: { readonly startStep: number; readonly totalSteps: number }): void | Promise<void>;
  onStep?(info: StepInfo): void | Promise<void>;
  onEval?(info: EvalInfo): void | Promise<void>;
  onCheckpoint?(info: { readonly step: number; readonly where: string }): void | Promise<void>;
  onEnd?(result: TrainResult): void | Promise<void>;
}

export interface TrainOptions<M extends Module, B, E> {
  readonly model: M;
  // the model type comes from `model`; the objective only has to accept it (a structural type)
  readonly objective: Objective<NoInfer<M>, B, E>;
  readonly optimizer: Optimizer;
  /** Default: constant. */
  readonly schedule?: Schedule;
  readonly data: DataSource<E>;
  /** Optimizer updates to run in total (or give `epochs`). */
  readonly steps?: number;
  /** Passes over `data`: steps = ⌈epochs · batchesPerEpoch / accumulate⌉. */
  readonly epochs?: number;
  /** Micro-batches per update (default 1). */
  readonly accumulate?: number;
  /** Clip the global gradient norm to this (default: no clipping). */
  readonly clip?: number;
  /** On a NaN / Inf loss or gradient: skip the update and report it (default), or stop. */
  readonly onNonFinite?: 'skip' | 'stop';
  /** Evaluate every `every` steps on fixed batches of examples (and at the end). */
  readonly evaluate?: { readonly every: number; readonly batches: readonly (readonly E[])[] };
  /** Stop when the evaluation loss has not improved by minDelta for `patience` evaluations. */
  readonly earlyStopping?: { readonly patience: number; readonly minDelta?: number };
  /** Save every `every` steps and at the end; `resume` (default true) starts from the newest. */
  readonly checkpoint?: {
    readonly store: CheckpointStore;
    readonly every: number;
    readonly resume?: boolean;
  };
  readonly callbacks?: readonly TrainCallbacks[];
  /**
   * Seeds the generator handed to objective.makeBatch and reseeds, in place, the global
   * one (dropout in modules built without their own). Default 0.
   */
  readonly seed?: number;
  /** Generators of your own (e.g. a model's dropout Rng) to save and restore with checkpoints. */
  readonly generators?: readonly Rng[];
}

export class NonFiniteError extends Error {
  override readonly name = 'NonFiniteError';
}

/**
 * Runs the loop to `steps` (or until early stopping), resuming from the newest checkpoint
 * when there is one. Hooks: onStart; then per step onStep, onEval, onCheckpoint; onEnd.
 */
export async function train<M extends Module, B, E>(
  options: TrainOptions<M, B, E>,
): Promise<TrainResult> {
  const state = startRun(options);
  await resume(state);
  for (const c of state.callbacks)
    await c.onStart?.({ startStep: state.step, totalSteps: state.totalSteps });

  state.model.train();
  while (state.step < state.totalSteps && state.stoppedEarly === null) {
    applySchedule(state);
    const batch = nextBatch(state);
    const loss = forwardBackward(state, batch);
    const norm = clipGradients(state);
    const skipped = stepOptimizer(state, loss, norm);
    state.step++; // an update skipped for a NaN / Inf still counts as a step
    await log(state, { loss, gradNorm: norm, tokens: batch.tokens, skipped });
    await maybeEvaluate(state);
    await maybeCheckpoint(state);
  }
  return finish(state);
}

/**
 * What the steps of one run share: the options with their defaults filled in (fixed),
 * then where the run is (what a checkpoint saves and a resume restores).
 */
interface TrainState<M extends Module, B, E> {
  readonly model: M;
  readonly objective: Objective<M, B, E>;
  readonly optimizer: Optimizer;
  readonly schedule: Schedule;
  readonly data: DataSource<E>;
  readonly totalSteps: number;
  readonly accumulate: number;
  readonly clip: number | undefined;
  readonly onNonFinite: 'skip' | 'stop';
  readonly evaluate: TrainOptions<M, B, E>['evaluate'];
  readonly earlyStopping: TrainOptions<M, B, E>['earlyStopping'];
  readonly checkpoint: TrainOptions<M, B, E>['checkpoint'];
  readonly callbacks: readonly TrainCallbacks[];
  readonly seed: number;
  /** Every parameter the optimizer updates: the gradient norm is taken over these. */
  readonly params: readonly Tensor[];
  /** The generator handed to objective.makeBatch. */
  readonly objectiveRng: Rng;
  /** The global generator, then the caller's own: saved and restored with checkpoints. */
  readonly generators: readonly Rng[];

  /** Updates done (the next one has 0-based index `step`). */
  step: number;
  losses: number[];
  evals: { step: number; loss: number }[];
  best: number | null;
  badEvals: number;
  skippedSteps: number;
  resumedFrom: number;
  stoppedEarly: string | null;
}

/** One step's micro-batches, made before any forward pass. */
interface StepBatch<B> {
  /** `accumulate` micro-batches, in the order the data gave them. */
  readonly micro: readonly B[];
  /** Target count of each micro-batch (1 each when the objective cannot count). */
  readonly counts: readonly number[];
  /** Σ counts: the targets of the whole step. */
  readonly total: number;
  /** Tokens in the step's examples (their lengths), or `total` when examples have no length. */
  readonly tokens: number;
}

/** Checks the options (one-line RangeErrors) and reseeds the generators: nothing runs yet. */
function startRun<M extends Module, B, E>(options: TrainOptions<M, B, E>): TrainState<M, B, E> {
  const { model, objective, optimizer, data, checkpoint, callbacks = [] } = options;
  const schedule = options.schedule ?? constantSchedule({});
  const accumulate = options.accumulate ?? 1;
  const onNonFinite = options.onNonFinite ?? 'skip';
  if (!(Number.isInteger(accumulate) && accumulate >= 1))
    throw new RangeError(`train: accumulate must be an integer >= 1, got ${accumulate}`);
  const totalSteps = resolveSteps(options.steps, options.epochs, data.batchesPerEpoch, accumulate);
  if (options.clip !== undefined && !(options.clip > 0))
    throw new RangeError(`train: clip must be > 0, got ${options.clip}`);
  if (
    options.evaluate &&
    !(Number.isInteger(options.evaluate.every) && options.evaluate.every >= 1)
  )
    throw new RangeError(`train: evaluate.every must be an integer >= 1`);
  if (checkpoint && !(Number.isInteger(checkpoint.every) && checkpoint.every >= 1))
    throw new RangeError(`train: checkpoint.every must be an integer >= 1`);
  if (options.earlyStopping && !options.evaluate)
    throw new RangeError('train: earlyStopping needs evaluate');

  const seed = options.seed ?? 0;
  const params = optimizer.groups.flatMap((g) => g.params);
  const objectiveRng = new Rng(seed);
  // Reseed in place: modules hold on to the global generator object they were built with.
  const generators = [defaultRng(), ...(options.generators ?? [])];
  defaultRng().seed(seed);
  return {
    model,
    objective,
    optimizer,
    schedule,
    data,
    totalSteps,
    accumulate,
    clip: options.clip,
    onNonFinite,
    evaluate: options.evaluate,
    earlyStopping: options.earlyStopping,
    checkpoint,
    callbacks,
    seed,
    params,
    objectiveRng,
    generators,
    step: 0,
    losses: [],
    evals: [],
    best: null,
    badEvals: 0,
    skippedSteps: 0,
    resumedFrom: 0,
    stoppedEarly: null,
  };
}

/** Continues from the newest checkpoint, if asked: everything is read and checked before anything is applied. */
async function resume<M extends Module, B, E>(state: TrainState<M, B, E>): Promise<void> {
  const { checkpoint, model, schedule, generators } = state;
  if (!checkpoint || checkpoint.resume === false) return;
  const found = await checkpoint.store.latest();
  if (!found) return;
  const { data: saved, where } = found;
  const trainer = decodeTrainerState(saved.trainer, where);
  checkSignature(trainer.signature, model, where);
  if (
    trainer.schedule.name !== schedule.name ||
    !sameOptions(trainer.schedule.options, schedule.options)
  )
    throw new Error(
      `${where}: saved with schedule ${describe(trainer.schedule)}, this run has ${describe(schedule)}`,
    );
  if (trainer.generators.length !== generators.length)
    throw new Error(
      `${where}: saved ${trainer.generators.length} generators, this run has ${generators.length}`,
    );
  try {
    state.optimizer.loadStateDict(trainer.optimizer);
  } catch (error) {
    throw new Error(`${where}: ${(error as Error).message}`);
  }
  restoreModelTensors(model, saved.model, where);
  state.data.setState(trainer.data);
  state.objectiveRng.setState(trainer.objectiveRng);
  trainer.generators.forEach((g, i) => {
    generators[i]!.setState(g);
  });
  state.step = trainer.step;
  state.losses = [...trainer.losses];
  state.evals = [...trainer.evals];
  state.best = trainer.earlyStopping.best;
  state.badEvals = trainer.earlyStopping.badEvals;
  state.skippedSteps = trainer.skippedSteps;
  state.resumedFrom = trainer.step;
}

/** Sets every group's lr for this update: initialLr × schedule(step), step 0-based. */
function applySchedule(state: TrainState<Module, unknown, unknown>): void {
  const factor = state.schedule.factor(state.step);
  for (const g of state.optimizer.groups) g.options.lr = g.initialLr * factor;
}

/** Makes every micro-batch of the step first: the loss weights need the whole step's target count. */
function nextBatch<M extends Module, B, E>(state: TrainState<M, B, E>): StepBatch<B> {
  const { data, objective, objectiveRng } = state;
  const micro: B[] = [];
  let tokens = 0;
  for (let i = 0; i < state.accumulate; i++) {
    const examples = data.next();
    micro.push(objective.makeBatch(examples, objectiveRng));
    tokens += countTokens(examples);
  }
  const counts = micro.map((b) => (objective.countTargets ? objective.countTargets(b) : 1));
  const total = counts.reduce((a, b) => a + b, 0);
  return { micro, counts, total, tokens: tokens === 0 ? total : tokens };
}

/**
 * Forward and backward over each micro-batch with the gradients accumulating in `.grad`:
 * each loss weighs n_i / N, its share of the step's targets, so the sum is the gradient of
 * one big batch however the padding falls. Returns the step's loss, Σ loss_i · n_i / N.
 */
function forwardBackward<M extends Module, B, E>(
  state: TrainState<M, B, E>,
  batch: StepBatch<B>,
): number {
  const { micro, counts, total } = batch;
  state.optimizer.zeroGrad();
  let loss = 0;
  for (let i = 0; i < micro.length; i++) {
    const weight = total > 0 ? counts[i]! / total : 1 / micro.length;
    if (weight === 0) continue; // a micro-batch with no targets adds nothing
    const l = state.objective.loss(state.model, micro[i]!); // scalar
    const value = l.item();
    loss += value * weight;
    (weight === 1 ? l : l.mul(weight)).backward();
  }
  return loss;
}

/** The global gradient norm before clipping; clips to `clip` when given (a NaN / Inf clips nothing). */
function clipGradients(state: TrainState<Module, unknown, unknown>): number {
  return state.clip !== undefined ? clipGradNorm(state.params, state.clip) : gradNorm(state.params);
}

/**
 * The update, unless the loss or the norm is NaN / Inf: then the gradients are dropped
 * and the step is skipped (counted), or the run stops with a NonFiniteError. Returns
 * whether it skipped.
 */
function stepOptimizer(
  state: TrainState<Module, unknown, unknown>,
  loss: number,
  norm: number,
): boolean {
  const { optimizer } = state;
  if (Number.isFinite(loss) && Number.isFinite(norm)) {
    optimizer.step();
    optimizer.zeroGrad();
    return false;
  }
  optimizer.zeroGrad();
  const what = Number.isFinite(loss) ? `gradient norm is ${norm}` : `loss is ${loss}`;
  if (state.onNonFinite === 'stop')
    throw new NonFiniteError(
      `step ${state.step + 1}: ${what}; stopping (last checkpoint holds the last good state)`,
    );
  state.skippedSteps++;
  return true;
}

/** Adds the step's loss to the history and hands the step to every `onStep`. */
async function log(
  state: TrainState<Module, unknown, unknown>,
  step: Pick<StepInfo, 'loss' | 'gradNorm' | 'tokens' | 'skipped'>,
): Promise<void> {
  state.losses.push(step.loss);
  const info: StepInfo = {
    step: state.step,
    totalSteps: state.totalSteps,
    loss: step.loss,
    lr: state.optimizer.groups[0]!.options.lr,
    gradNorm: step.gradNorm,
    tokens: step.tokens,
    skipped: step.skipped,
  };
  for (const c of state.callbacks) await c.onStep?.(info);
}

/**
 * Every `evaluate.every` steps and at the last: the evaluation loss, the best so far, and
 * early stopping once `patience` evaluations in a row have not beaten the best by minDelta.
 */
async function maybeEvaluate<M extends Module, B, E>(state: TrainState<M, B, E>): Promise<void> {
  const { evaluate, earlyStopping, step } = state;
  if (!evaluate || !(step % evaluate.every === 0 || step === state.totalSteps)) return;
  const loss = evaluationLoss(state.model, state.objective, evaluate.batches, state.seed);
  state.evals.push({ step, loss });
  const minDelta = earlyStopping?.minDelta ?? 0;
  if (state.best === null || loss < state.best - minDelta) {
    state.best = loss;
    state.badEvals = 0;
  } else state.badEvals++;
  const best = state.best;
  for (const c of state.callbacks) await c.onEval?.({ step, loss, best });
  if (earlyStopping !== undefined && state.badEvals >= earlyStopping.patience)
    state.stoppedEarly = `no improvement in the last ${state.badEvals} evaluations (best loss ${best})`;
}

/** Every `checkpoint.every` steps, at the last, and when stopping early. */
async function maybeCheckpoint(state: TrainState<Module, unknown, unknown>): Promise<void> {
  const { checkpoint, step } = state;
  if (
    checkpoint &&
    (step % checkpoint.every === 0 || step === state.totalSteps || state.stoppedEarly !== null)
  )
    await saveCheckpoint(state, checkpoint.store);
}

/** The model's tensors and everything an exact resume needs, then every `onCheckpoint`. */
async function saveCheckpoint(
  state: TrainState<Module, unknown, unknown>,
  store: CheckpointStore,
): Promise<void> {
  const { model, optimizer, schedule, step } = state;
  const trainer: TrainerState = {
    format: 1,
    step,
    signature: modelSignature(model),
    optimizer: optimizer.stateDict(),
    schedule: { name: schedule.name, options: schedule.options },
    objectiveRng: state.objectiveRng.getState(),
    generators: state.generators.map((g) => g.getState()),
    data: state.data.getState(),
    losses: state.losses,
    evals: state.evals,
    earlyStopping: { best: state.best, badEvals: state.badEvals },
    skippedSteps: state.skippedSteps,
  };
  const where = await store.save({
    step,
    model: modelTensors(model),
    trainer: encodeTrainerState(trainer),
  });
  for (const c of state.callbacks) await c.onCheckpoint?.({ step, where });
}

/** The result, handed to every `onEnd`. */
async function finish(state: TrainState<Module, unknown, unknown>): Promise<TrainResult> {
  const result: TrainResult = {
    steps: state.step,
    losses: state.losses,
    evals: state.evals,
    stoppedEarly: state.stoppedEarly,
    skippedSteps: state.skippedSteps,
    resumedFrom: state.resumedFrom,
  };
  for (const c of state.callbacks) await c.onEnd?.(result);
  return result;
}

/** Target-weighted mean loss over fixed batches, in eval mode, without a graph. */
export function evaluationLoss<M extends Module, B, E>(
  model: M,
  objective: Objective<M, B, E>,
  batches: readonly (readonly E[])[],
  seed = 0,
): number {
  const { nll, targets } = evaluationSums(model, objective, batches, seed);
  return nll / targets;
}

function resolveSteps(
  steps: number | undefined,
  epochs: number | undefined,
  batchesPerEpoch: number,
  accumulate: number,
): number {
  if ((steps === undefined) === (epochs === undefined))
    throw new RangeError('train: give exactly one of steps and epochs');
  if (steps !== undefined) {
    if (!(Number.isInteger(steps) && steps >= 0))
      throw new RangeError(`train: steps must be an integer >= 0, got ${steps}`);
    return steps;
  }
  if (!(epochs! > 0)) throw new RangeError(`train: epochs must be > 0, got ${epochs}`);
  return Math.ceil((epochs! * batchesPerEpoch) / accumulate);
}

function countTokens(examples: readonly unknown[]): number {
  let n = 0;
  for (const e of examples) {
    const length = (e as { length?: unknown } | null)?.length;
    if (typeof length === 'number') n += length;
  }
  return n;
}

function sameOptions(
  a: Readonly<Record<string, number>>,
  b: Readonly<Record<string, number>>,
): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
}

function describe(s: { name: string; options: Readonly<Record<string, number>> }): string {
  return `${s.name} ${JSON.stringify(s.options)}`;
}
