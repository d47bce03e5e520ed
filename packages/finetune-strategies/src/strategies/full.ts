/**
 * Full fine-tuning: every parameter trains (the seed's baseline, and what HF's Trainer
 * does by default). Copy this file to add a strategy.
 *
 *   const trainable = full.apply(model);      // every parameter, unfrozen
 */
import type { Module } from '@llm/layers';
import type { Tensor } from '@llm/tensor-core';
import type { FinetuneStrategy } from '../finetune-strategy.js';

export const full: FinetuneStrategy = {
  name: 'full',
  summary: 'train every parameter',
  apply(model: Module): Tensor[] {
    model.unfreeze();
    return model.parameters();
  },
};
