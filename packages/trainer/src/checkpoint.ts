/**
 * What a checkpoint holds and how it goes in and out of a model, an optimizer and the
 * loop: the model's tensors under their Hugging Face names (tied copies once, as HF
 * saves them), and the trainer state — optimizer, schedule, RNG states, data cursor,
 * step, early-stopping counters, loss history — packed with msgpackr. Storage is a
 * `CheckpointStore` (`checkpointDirectory` in `@llm/trainer/node` writes folders
 * atomically); this file works anywhere.
 *
 *   import { modelTensors, restoreModelTensors, encodeTrainerState, decodeTrainerState } from '@llm/trainer';
 *   const tensors = modelTensors(model);                 // { 'transformer.wte.weight': …, … }
 *   restoreModelTensors(model, tensors, 'runs/x/checkpoint-00000010');   // one-line error on a mismatch
 */
import type { Module } from '@llm/layers';
import { packState, type RngState, type Tensor, unpackState } from '@llm/tensor-core';
import type { DataCursor } from './data/data-loader.js';
import type { OptimizerState } from './optimizer.js';

/** One saved checkpoint, as a store reads and writes it. */
export interface CheckpointData {
  readonly step: number;
  /** The model's tensors by HF name (tied copies once). */
  readonly model: Record<string, Tensor>;
  /** `encodeTrainerState(...)` bytes. */
  readonly trainer: Uint8Array;
}

/** Where checkpoints live: a folder on disk (`checkpointDirectory`), or memory in a test. */
export interface CheckpointStore {
  /** Saves a checkpoint atomically; resolves to where (a path), for callbacks and messages. */
  save(data: CheckpointData): Promise<string>;
  /** The newest complete checkpoint with where it was, or null when there is none. */
  latest(): Promise<{ data: CheckpointData; where: string } | null>;
}

export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
}

/** Everything besides the weights that an exact resume needs. */
export interface TrainerState {
  readonly format: 1;
  /** Optimizer updates done (the next update has 0-based index `step`). */
  readonly step: number;
  /** The model's parameter names and shapes, to refuse a checkpoint of another model. */
  readonly signature: readonly (readonly [string, readonly number[]])[];
  readonly optimizer: OptimizerState;
  readonly schedule: { readonly name: string; readonly options: Readonly<Record<string, number>> };
  /** The generator handed to objective.makeBatch. */
  readonly objectiveRng: RngState;
  /** The global generator (dropout in modules built without their own) and any extra ones. */
  readonly generators: readonly RngState[];
  readonly data: DataCursor;
  /** Loss of each step so far (index 0 = step 1), for the loss curve of a resumed run. */
  readonly losses: readonly number[];
  readonly evals: readonly { readonly step: number; readonly loss: number }[];
  readonly earlyStopping: { readonly best: number | null; readonly badEvals: number };
  readonly skippedSteps: number;
}

/** The model's tensors as a checkpoint stores them: HF names, each tied tensor once. */
export function modelTensors(model: Module): Record<string, Tensor> {
  // A model that knows how HF saves it (e.g. @llm/models) says so; else the first name wins.
  const own = (model as Partial<{ checkpointTensors(): Record<string, Tensor> }>).checkpointTensors;
  if (typeof own === 'function') return own.call(model);
  const seen = new Set<Tensor>();
  const out: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(model.stateDict())) {
    if (seen.has(t)) continue;
    seen.add(t);
    out[name] = t;
  }
  return out;
}

/** Parameter names and shapes: two models with the same signature can share checkpoints. */
export function modelSignature(model: Module): [string, number[]][] {
  return Object.entries(model.stateDict()).map(([name, t]) => [name, [...t.shape]]);
}

/**
 * Copies checkpoint tensors into the model, strictly — a tied name left out of the file
 * is filled from its twin. Everything is checked before anything is written; a mismatch
 * is one line naming `where` and what is missing, unexpected or mis-shaped.
 */
export function restoreModelTensors(
  model: Module,
  tensors: Record<string, Tensor>,
  where: string,
): void {
  const own = model.stateDict();
  const complete: Record<string, Tensor> = { ...tensors };
  const byTensor = new Map<Tensor, string[]>();
  for (const [name, t] of Object.entries(own)) byTensor.set(t, [...(byTensor.get(t) ?? []), name]);
  for (const [name, t] of Object.entries(own)) {
    if (name in complete) continue;
    const twin = byTensor.get(t)!.find((n) => n in tensors);
    if (twin !== undefined) complete[name] = tensors[twin]!;
  }
  try {
    model.loadStateDict(complete);
  } catch (error) {
    throw new CheckpointError(`${where}: does not fit this model: ${(error as Error).message}`);
  }
}

/** Checks a saved signature against the model; one line listing the differences. */
export function checkSignature(
  saved: TrainerState['signature'],
  model: Module,
  where: string,
): void {
  const mine = new Map(modelSignature(model).map(([n, s]) => [n, s.join(', ')]));
  const theirs = new Map(saved.map(([n, s]) => [n, s.join(', ')]));
  const missing = [...mine.keys()].filter((n) => !theirs.has(n));
  const unexpected = [...theirs.keys()].filter((n) => !mine.has(n));
  const misShaped = [...mine]
    .filter(([n, s]) => theirs.has(n) && theirs.get(n) !== s)
    .map(([n, s]) => `${n}: here [${s}], saved [${theirs.get(n)}]`);
  if (missing.length + unexpected.length + misShaped.length === 0) return;
  const list = (label: string, names: string[]) =>
    names.length === 0
      ? []
      : [
          `${label} (${names.length}): ${names.slice(0, 4).join(', ')}${names.length > 4 ? ', …' : ''}`,
        ];
  throw new CheckpointError(
    `${where}: written for another model or config: ${[
      ...list('not in the checkpoint', missing),
      ...list('not in this model', unexpected),
      ...list('shapes differ', misShaped),
    ].join('; ')}`,
  );
}

export function encodeTrainerState(state: TrainerState): Uint8Array {
  return packState(state);
}

/** Decodes and checks trainer-state bytes; a bad field is one line naming it and `where`. */
export function decodeTrainerState(bytes: Uint8Array, where: string): TrainerState {
  let value: unknown;
  try {
    value = unpackState(bytes);
  } catch (error) {
    throw new CheckpointError(`${where}: not a trainer state (${(error as Error).message})`);
  }
  const fail = (field: string): never => {
    throw new CheckpointError(`${where}: trainer state field '${field}' is missing or malformed`);
  };
  if (typeof value !== 'object' || value === null) return fail('(root)');
  const s = value as Record<string, unknown>;
  if (s.format !== 1) fail('format');
  if (!Number.isInteger(s.step) || (s.step as number) < 0) fail('step');
  if (!Array.isArray(s.signature)) fail('signature');
  const opt = s.optimizer as Record<string, unknown> | undefined;
  if (
    !opt ||
    typeof opt.name !== 'string' ||
    !Array.isArray(opt.groups) ||
    !Array.isArray(opt.state)
  )
    fail('optimizer');
  const sched = s.schedule as Record<string, unknown> | undefined;
  if (!sched || typeof sched.name !== 'string' || typeof sched.options !== 'object')
    fail('schedule');
  if (!isRngState(s.objectiveRng)) fail('objectiveRng');
  if (!Array.isArray(s.generators) || !s.generators.every(isRngState)) fail('generators');
  const data = s.data as Record<string, unknown> | undefined;
  if (!data || !Number.isInteger(data.epoch) || !Number.isInteger(data.position)) fail('data');
  if (!Array.isArray(s.losses)) fail('losses');
  if (!Array.isArray(s.evals)) fail('evals');
  if (typeof s.earlyStopping !== 'object' || s.earlyStopping === null) fail('earlyStopping');
  if (!Number.isInteger(s.skippedSteps)) fail('skippedSteps');
  return value as TrainerState;
}

function isRngState(v: unknown): v is RngState {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Partial<RngState>;
  return (
    Array.isArray(r.s) &&
    r.s.length === 4 &&
    r.s.every((x) => Number.isInteger(x)) &&
    (r.spare === null || typeof r.spare === 'number')
  );
}

/** A store that keeps checkpoints in memory (tests, or a browser). */
export function memoryCheckpoints(): CheckpointStore & { readonly saved: CheckpointData[] } {
  const saved: CheckpointData[] = [];
  return {
    saved,
    async save(data) {
      // copy the tensors: the model keeps training in place after this
      const model = Object.fromEntries(
        Object.entries(data.model).map(([k, t]) => [k, t.detach().clone()]),
      );
      saved.push({ ...data, model });
      return `memory:${data.step}`;
    },
    async latest() {
      const data = saved.at(-1);
      return data ? { data, where: `memory:${data.step}` } : null;
    },
  };
}
