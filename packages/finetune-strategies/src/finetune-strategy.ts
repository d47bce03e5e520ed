/**
 * The interface every fine-tuning strategy implements, and the only thing the training
 * loop needs from one: `apply(model)` freezes, wraps or adds modules (through module
 * paths — `getSubmodule` / `setSubmodule` — never by model type) and returns the
 * parameters the optimizer trains.
 *
 *   import { getStrategy } from '@llm/finetune-strategies';
 *   const trainable = getStrategy('full').apply(model);
 *   const optimizer = new AdamW(trainable, { lr: 5e-5 });
 */
import type { Module } from '@llm/layers';
import type { Tensor } from '@llm/tensor-core';

export interface FinetuneStrategy {
  /** The `llm finetune --strategy` word. */
  readonly name: string;
  /** One line for `--help` and the strategy table. */
  readonly summary: string;
  /**
   * Prepares the model in place; returns what the optimizer trains (requiresGrad set).
   * Each strategy reads the options it needs and ignores the rest.
   */
  apply(model: Module, options?: StrategyOptions): Tensor[];
}

/**
 * Every strategy's knobs in one record (PEFT's names, camelCased), so `llm finetune` maps
 * its flags once and a strategy never needs a constructor of its own.
 */
export interface StrategyOptions {
  /** Module names or dotted path suffixes (or one regex string) the task head lives in; kept trainable by head-only / bitfit / LoRA (PEFT modules_to_save). */
  readonly modulesToSave?: readonly string[];
  /** freeze: the embeddings and the bottom N blocks are frozen. */
  readonly freezeLayers?: number;
  /** LoRA */
  readonly r?: number;
  readonly loraAlpha?: number;
  readonly loraDropout?: number;
  readonly targetModules?: readonly string[] | string;
  readonly fanInFanOut?: boolean;
  readonly useRslora?: boolean;
  /** prompt tuning: how many virtual tokens (default 20), and their init (default 'vocab': copies of random tokens' embeddings). */
  readonly numVirtualTokens?: number;
  readonly promptInit?: 'vocab' | 'random';
  /** adapters */
  readonly adapterSize?: number;
  /** Seeds any random initialisation the strategy does (LoRA's A, adapters). */
  readonly seed?: number;
}

export function isFinetuneStrategy(value: unknown): value is FinetuneStrategy {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Partial<FinetuneStrategy>;
  return (
    typeof s.name === 'string' && typeof s.summary === 'string' && typeof s.apply === 'function'
  );
}
