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
  /** Prepares the model in place; returns what the optimizer trains (requiresGrad set). */
  apply(model: Module): Tensor[];
}

export function isFinetuneStrategy(value: unknown): value is FinetuneStrategy {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Partial<FinetuneStrategy>;
  return (
    typeof s.name === 'string' && typeof s.summary === 'string' && typeof s.apply === 'function'
  );
}
