/**
 * Linear probe: only the task head trains, the pretrained body is frozen (the seed's
 * "train only a new head"). The head is `modulesToSave`, or the first of `classifier`,
 * `score`, `lm_head`, `cls` the model has; a GPT-2 / T5 LM head tied to the token
 * embedding has no module of its own, so there the head is that embedding (and it is
 * also the input embedding: both change together, as in HF).
 *
 *   const trainable = headOnly.apply(bertForSequenceClassification);   // classifier.weight, classifier.bias
 */
import type { Module } from '@llm/layers';
import type { Tensor } from '@llm/tensor-core';
import type { FinetuneStrategy, StrategyOptions } from '../finetune-strategy.js';
import { taskHeadParameters } from '../task-head.js';

export const headOnly: FinetuneStrategy = {
  name: 'head-only',
  summary: 'train only the task head (linear probe); the body is frozen',
  apply(model: Module, options: StrategyOptions = {}): Tensor[] {
    const head = taskHeadParameters(model, options.modulesToSave);
    model.freeze();
    for (const p of head) p.requiresGrad = true;
    return model.parameters().filter((p) => p.requiresGrad);
  },
};
