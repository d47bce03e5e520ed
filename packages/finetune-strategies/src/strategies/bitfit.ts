/**
 * BitFit (Ben Zaken et al. 2022): only the bias terms train — every parameter named
 * `bias`, LayerNorm's included — plus the task head (`modulesToSave`, or the first of
 * `classifier`, `score`, `lm_head`, `cls` the model has). A head tied to the token
 * embedding (GPT-2, T5) is left frozen: training it would train the whole embedding,
 * which is not BitFit. T5 has no biases, so there only a named head trains.
 *
 *   const trainable = bitfit.apply(bert);   // ~0.1 % of BERT-base: biases + classifier
 */
import type { Module } from '@llm/layers';
import type { Tensor } from '@llm/tensor-core';
import type { FinetuneStrategy, StrategyOptions } from '../finetune-strategy.js';
import { taskHeadPaths } from '../task-head.js';

export const bitfit: FinetuneStrategy = {
  name: 'bitfit',
  summary: 'train only the biases, plus the task head',
  apply(model: Module, options: StrategyOptions = {}): Tensor[] {
    const heads = taskHeadPaths(model, options.modulesToSave, { tied: false });
    model.freeze();
    for (const [name, p] of model.namedParameters())
      if (name === 'bias' || name.endsWith('.bias')) p.requiresGrad = true;
    for (const path of heads) model.getSubmodule(path).unfreeze();
    return model.parameters().filter((p) => p.requiresGrad);
  },
};
