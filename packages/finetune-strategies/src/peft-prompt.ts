/**
 * PEFT's PROMPT_TUNING files: `adapter_config.json` (PromptTuningConfig's fields:
 * num_virtual_tokens, token_dim, num_transformer_submodules, …) and one tensor,
 * `prompt_embeddings` [S·N, C]. S is 2 for an encoder-decoder model (PEFT keeps a table
 * for each stack but feeds the encoder the first N rows, which is all this package
 * trains, so both halves are written the same), 1 otherwise. A modules_to_save head is
 * saved as `base_model.<path>.<param>` (prompt learning has no LoraModel in between).
 *
 *   const { config, tensors } = promptAdapterFiles(model, { taskType: 'CAUSAL_LM' });
 *   loadPromptAdapter(fresh, { config, tensors });
 */
import type { Module } from '@llm/layers';
import { type Tensor, tensor } from '@llm/tensor-core';
import { addPromptTuning, type PromptEmbedding, promptEmbeddingOf } from './prompt-embedding.js';
import { taskHeadPaths } from './task-head.js';

export const PROMPT_KEY = 'prompt_embeddings';
export const PROMPT_HEAD_PREFIX = 'base_model.';

interface Info {
  readonly taskType: string | null;
  readonly baseModelNameOrPath: string | null;
  readonly inferenceMode: boolean;
  readonly modulesToSave: readonly string[] | null;
}

const submodules = (model: Module) => (model.children().some(([n]) => n === 'decoder') ? 2 : 1);

export function promptAdapterFiles(
  model: Module,
  info: Info,
): { config: Record<string, unknown>; tensors: Record<string, Tensor> } {
  const [, layer] = promptEmbeddingOf(model)!;
  const S = submodules(model);
  const N = layer.numVirtualTokens;
  const C = layer.embeddingDim;
  const rows = new Float32Array(S * N * C);
  for (let s = 0; s < S; s++) rows.set(layer.prompt.data, s * N * C);
  const tensors: Record<string, Tensor> = { [PROMPT_KEY]: tensor(rows, [S * N, C]) };
  if (info.modulesToSave)
    for (const path of taskHeadPaths(model, info.modulesToSave))
      for (const [name, p] of model.getSubmodule(path).namedParameters())
        tensors[`${PROMPT_HEAD_PREFIX}${path}.${name}`] = p;
  const config = {
    auto_mapping: null,
    base_model_name_or_path: info.baseModelNameOrPath,
    inference_mode: info.inferenceMode,
    modules_to_save: info.modulesToSave ? [...info.modulesToSave] : null,
    num_attention_heads: null,
    num_layers: null,
    num_transformer_submodules: S,
    num_virtual_tokens: N,
    peft_type: 'PROMPT_TUNING',
    prompt_tuning_init: 'RANDOM',
    prompt_tuning_init_text: null,
    revision: null,
    task_type: info.taskType,
    token_dim: C,
    tokenizer_kwargs: null,
    tokenizer_name_or_path: null,
  };
  return { config, tensors };
}

/** Adds prompt tuning as the config says and loads the prompt (and heads), checked first. */
export function loadPromptAdapter(
  model: Module,
  config: Record<string, unknown>,
  tensors: Record<string, Tensor>,
  names: { config: string; weights: string },
): { layer: PromptEmbedding; heads: string[] } {
  const fail = (file: string, why: string): never => {
    throw new Error(`${file}: ${why}`);
  };
  const int = (key: string) => {
    const v = config[key];
    if (!Number.isInteger(v) || (v as number) <= 0)
      fail(names.config, `field '${key}' must be a positive integer, got ${JSON.stringify(v)}`);
    return v as number;
  };
  const N = int('num_virtual_tokens');
  const C = int('token_dim');
  const S = config.num_transformer_submodules === undefined ? 1 : int('num_transformer_submodules');
  if (promptEmbeddingOf(model)) fail(names.weights, 'the model already has a prompt');
  const own = model.stateDict();
  const shape = (s: readonly number[]) => `[${s.join(', ')}]`;
  const problems: string[] = [];
  const heads: [Tensor, Tensor][] = [];
  const prompt = tensors[PROMPT_KEY];
  if (prompt === undefined) problems.push(`missing '${PROMPT_KEY}'`);
  else if (prompt.shape.length !== 2 || prompt.shape[0] !== S * N || prompt.shape[1] !== C)
    problems.push(`key '${PROMPT_KEY}': expected ${shape([S * N, C])}, got ${shape(prompt.shape)}`);
  for (const [key, t] of Object.entries(tensors)) {
    if (key === PROMPT_KEY) continue;
    const target = key.startsWith(PROMPT_HEAD_PREFIX)
      ? own[key.slice(PROMPT_HEAD_PREFIX.length)]
      : undefined;
    if (target === undefined) problems.push(`key '${key}' names no parameter of the model`);
    else if (target.shape.join() !== t.shape.join())
      problems.push(`key '${key}': expected ${shape(target.shape)}, got ${shape(t.shape)}`);
    else heads.push([target, t]);
  }
  if (problems.length > 0) fail(names.weights, problems.slice(0, 3).join('; '));
  const layer = addPromptTuning(model, { numVirtualTokens: N, init: 'random' });
  if (layer.embeddingDim !== C)
    fail(
      names.config,
      `token_dim ${C} does not match the model's token embedding (${layer.embeddingDim})`,
    );
  layer.prompt.data.set(prompt!.data.subarray(0, N * C));
  for (const [dst, src] of heads) dst.data.set(src.data);
  const modulesToSave = config.modules_to_save;
  return {
    layer,
    heads: Array.isArray(modulesToSave) ? taskHeadPaths(model, modulesToSave as string[]) : [],
  };
}
