/**
 * Prompt tuning: `numVirtualTokens` (default 20) trainable vectors prepended to every
 * input, initialised from the vocabulary (or `promptInit: 'random'`); the model is
 * frozen except a classification head (`modulesToSave`, default `classifier` / `score`
 * when present, PEFT's SEQ_CLS default). See `addPromptTuning` for how inputs grow.
 *
 *   const trainable = promptTuning.apply(model, { numVirtualTokens: 20, seed: 0 });
 *   model.forward({ inputIds, labels });        // the virtual tokens go in front
 *   await saveAdapter(model, 'runs/prompt');    // PEFT's PROMPT_TUNING files
 */
import type { Module } from '@llm/layers';
import { Rng, type Tensor } from '@llm/tensor-core';
import type { FinetuneStrategy, StrategyOptions } from '../finetune-strategy.js';
import { addPromptTuning } from '../prompt-embedding.js';
import { classificationHeadPaths, taskHeadPaths } from '../task-head.js';

export const promptTuning: FinetuneStrategy = {
  name: 'prompt-tuning',
  summary: 'train N virtual-token embeddings prepended to the input; the model is frozen',
  apply(model: Module, options: StrategyOptions = {}): Tensor[] {
    const heads =
      options.modulesToSave === undefined
        ? classificationHeadPaths(model)
        : taskHeadPaths(model, options.modulesToSave);
    model.freeze();
    const layer = addPromptTuning(model, {
      numVirtualTokens: options.numVirtualTokens ?? 20,
      init: options.promptInit,
      rng: new Rng(options.seed ?? 0),
    });
    layer.prompt.requiresGrad = true;
    for (const path of heads) model.getSubmodule(path).unfreeze();
    return model.parameters().filter((p) => p.requiresGrad);
  },
};
