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
 * One step: `accumulate` micro-batches are made first, so each one's loss can be weighted
 * by its share of the target tokens of the whole step (Σ loss_i · n_i / N: the gradient of
 * one big batch, however the padding falls); then backward, the global gradient norm
 * (a NaN / Inf skips the update, or stops the run), clipping, the update at lr =
 * initialLr × schedule(step).
 */
import type { Module } from '@llm/layers';
import type { Objective } from '@llm/objectives';
import { defaultRng, Rng } from '@llm/tensor-core';
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

export async function train<M extends Module, B, E>(
  options: TrainOptions<M, B, E>,
): Promise<TrainResult> {
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

  const params = optimizer.groups.flatMap((g) => g.params);
  const objectiveRng = new Rng(options.seed ?? 0);
  // Reseed in place: modules hold on to the global generator object they were built with.
  const generators = [defaultRng(), ...(options.generators ?? [])];
  defaultRng().seed(options.seed ?? 0);

  let step = 0;
  let losses: number[] = [];
  let evals: { step: number; loss: number }[] = [];
  let best: number | null = null;
  let badEvals = 0;
  let skippedSteps = 0;

  // ---- resume: everything is read and checked before anything is applied
  if (checkpoint && checkpoint.resume !== false) {
    const found = await checkpoint.store.latest();
    if (found) {
      const { data: saved, where } = found;
      const state = decodeTrainerState(saved.trainer, where);
      checkSignature(state.signature, model, where);
      if (
        state.schedule.name !== schedule.name ||
        !sameOptions(state.schedule.options, schedule.options)
      )
        throw new Error(
          `${where}: saved with schedule ${describe(state.schedule)}, this run has ${describe(schedule)}`,
        );
      if (state.generators.length !== generators.length)
        throw new Error(
          `${where}: saved ${state.generators.length} generators, this run has ${generators.length}`,
        );
      try {
        optimizer.loadStateDict(state.optimizer);
      } catch (error) {
        throw new Error(`${where}: ${(error as Error).message}`);
      }
      restoreModelTensors(model, saved.model, where);
      data.setState(state.data);
      objectiveRng.setState(state.objectiveRng);
      state.generators.forEach((g, i) => {
        generators[i]!.setState(g);
      });
      step = state.step;
      losses = [...state.losses];
      evals = [...state.evals];
      best = state.earlyStopping.best;
      badEvals = state.earlyStopping.badEvals;
      skippedSteps = state.skippedSteps;
    }
  }
  const resumedFrom = step;
  for (const c of callbacks) await c.onStart?.({ startStep: step, totalSteps });

  const save = async () => {
    if (!checkpoint) return;
    const state: TrainerState = {
      format: 1,
      step,
      signature: modelSignature(model),
      optimizer: optimizer.stateDict(),
      schedule: { name: schedule.name, options: schedule.options },
      objectiveRng: objectiveRng.getState(),
      generators: generators.map((g) => g.getState()),
      data: data.getState(),
      losses,
      evals,
      earlyStopping: { best, badEvals },
      skippedSteps,
    };
    const where = await checkpoint.store.save({
      step,
      model: modelTensors(model),
      trainer: encodeTrainerState(state),
    });
    for (const c of callbacks) await c.onCheckpoint?.({ step, where });
  };

  const evaluate = async (): Promise<boolean> => {
    if (!options.evaluate) return false;
    const loss = evaluationLoss(model, objective, options.evaluate.batches, options.seed ?? 0);
    evals.push({ step, loss });
    const minDelta = options.earlyStopping?.minDelta ?? 0;
    if (best === null || loss < best - minDelta) {
      best = loss;
      badEvals = 0;
    } else badEvals++;
    for (const c of callbacks) await c.onEval?.({ step, loss, best });
    return options.earlyStopping !== undefined && badEvals >= options.earlyStopping.patience;
  };

  let stoppedEarly: string | null = null;
  model.train();
  while (step < totalSteps && stoppedEarly === null) {
    const factor = schedule.factor(step);
    for (const g of optimizer.groups) g.options.lr = g.initialLr * factor;

    // Make every micro-batch first: the weights need the whole step's target count.
    const micro: B[] = [];
    let tokens = 0;
    for (let i = 0; i < accumulate; i++) {
      const examples = data.next();
      micro.push(objective.makeBatch(examples, objectiveRng));
      tokens += countTokens(examples);
    }
    const counts = micro.map((b) => (objective.countTargets ? objective.countTargets(b) : 1));
    const total = counts.reduce((a, b) => a + b, 0);
    if (tokens === 0) tokens = total;

    optimizer.zeroGrad();
    let loss = 0;
    for (let i = 0; i < micro.length; i++) {
      const weight = total > 0 ? counts[i]! / total : 1 / micro.length;
      if (weight === 0) continue; // a micro-batch with no targets adds nothing
      const l = objective.loss(model, micro[i]!);
      const value = l.item();
      loss += value * weight;
      (weight === 1 ? l : l.mul(weight)).backward();
    }
    const norm = options.clip !== undefined ? clipGradNorm(params, options.clip) : gradNorm(params);
    const finite = Number.isFinite(loss) && Number.isFinite(norm);
    if (!finite) {
      optimizer.zeroGrad();
      const what = Number.isFinite(loss) ? `gradient norm is ${norm}` : `loss is ${loss}`;
      if (onNonFinite === 'stop')
        throw new NonFiniteError(
          `step ${step + 1}: ${what}; stopping (last checkpoint holds the last good state)`,
        );
      skippedSteps++;
    } else {
      optimizer.step();
      optimizer.zeroGrad();
    }
    step++;
    losses.push(loss);
    const info: StepInfo = {
      step,
      totalSteps,
      loss,
      lr: optimizer.groups[0]!.options.lr,
      gradNorm: norm,
      tokens,
      skipped: !finite,
    };
    for (const c of callbacks) await c.onStep?.(info);

    if (options.evaluate && (step % options.evaluate.every === 0 || step === totalSteps)) {
      if (await evaluate())
        stoppedEarly = `no improvement in the last ${badEvals} evaluations (best loss ${best})`;
    }
    if (
      checkpoint &&
      (step % checkpoint.every === 0 || step === totalSteps || stoppedEarly !== null)
    )
      await save();
  }

  const result: TrainResult = {
    steps: step,
    losses,
    evals,
    stoppedEarly,
    skippedSteps,
    resumedFrom,
  };
  for (const c of callbacks) await c.onEnd?.(result);
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
