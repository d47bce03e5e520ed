/**
 * LoRA (PEFT's `get_peft_model` with a LoraConfig): every projection `targetModules`
 * names is wrapped in a `LoraLayer` (frozen base + trainable A [r, in], B [out, r]); the
 * rest of the model is frozen, and the `modulesToSave` heads (default: `classifier` /
 * `score` when the model has one, PEFT's SEQ_CLS default) train whole.
 *
 *   const trainable = lora.apply(model, { r: 8, loraAlpha: 16, targetModules: ['c_attn'], seed: 0 });
 *   trainableReport(model);     // 'trainable params: 73,728 || all params: …' on GPT-2 small
 *   await saveAdapter(model, 'runs/lora', { taskType: 'CAUSAL_LM' });   // PEFT's files
 */
import type { Module } from '@llm/layers';
import type { Tensor } from '@llm/tensor-core';
import { applyLora, resolveLoraConfig } from '../apply-lora.js';
import type { FinetuneStrategy, StrategyOptions } from '../finetune-strategy.js';

export const lora: FinetuneStrategy = {
  name: 'lora',
  summary: 'low-rank updates beside frozen projections (PEFT LoRA); the head trains whole',
  apply(model: Module, options: StrategyOptions = {}): Tensor[] {
    applyLora(model, resolveLoraConfig(options), { seed: options.seed });
    return model.parameters().filter((p) => p.requiresGrad);
  },
};
