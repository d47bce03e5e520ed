/**
 * Folds every LoRA update into its base weight and puts the base layers back (PEFT's
 * `merge_and_unload`): the model is a plain one again, e.g. for `savePretrained` as a
 * complete HF checkpoint (`llm merge-adapter`).
 *
 *   mergeAndUnload(model);                 // LoraLayer → its base Linear / Conv1D, merged
 *   await savePretrained(model, 'runs/merged');
 */
import type { Module } from '@llm/layers';
import { forgetLoraConfig, loraLayers } from './apply-lora.js';

/** Returns the same model, now without LoRA layers. */
export function mergeAndUnload<M extends Module>(model: M): M {
  for (const [path, layer] of loraLayers(model)) {
    layer.merge();
    model.setSubmodule(path, layer.baseLayer);
  }
  forgetLoraConfig(model);
  return model;
}
