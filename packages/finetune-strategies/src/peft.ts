/**
 * PEFT's adapter files, so a LoRA adapter moves between this package and Python's
 * `peft` both ways: `adapter_config.json` (LoraConfig's fields, sorted, as PEFT writes
 * them) and `adapter_model.safetensors` with PEFT's keys, the adapter name left out as
 * `get_peft_model_state_dict` does:
 *
 *   base_model.model.<path>.lora_A.weight   [r, in]
 *   base_model.model.<path>.lora_B.weight   [out, r]
 *   base_model.model.<head path>.<param>    a modules_to_save head, whole
 *
 * This module builds and reads the files' contents; reading and writing a directory is
 * in `@llm/finetune-strategies/node` (`saveAdapter`, `readAdapter`, `loadAdapterDir`).
 *
 *   const { config, tensors } = adapterFiles(model, { taskType: 'SEQ_CLS' });
 *   loadAdapter(fresh, { config, tensors });      // applies LoRA with that config, loads A, B, heads
 *   mergeAndUnload(fresh);                         // a plain model again, the update folded in
 */
import type { Module } from '@llm/layers';
import { Conv1D, Linear } from '@llm/layers';
import type { Tensor } from '@llm/tensor-core';
import {
  applyLora,
  DEFAULT_LORA_TARGETS,
  type LoraConfig,
  type LoraSettings,
  loraConfigOf,
  loraLayers,
} from './apply-lora.js';
import type { LoraLayer } from './lora-layer.js';
import { loadPromptAdapter, promptAdapterFiles } from './peft-prompt.js';
import { promptEmbeddingOf } from './prompt-embedding.js';
import { matchingModules, type TargetModules } from './target-match.js';
import { classificationHeadPaths, taskHeadPaths } from './task-head.js';

export const ADAPTER_CONFIG_NAME = 'adapter_config.json';
export const ADAPTER_WEIGHTS_NAME = 'adapter_model.safetensors';
/** PEFT's prefix on every saved key: PeftModel.base_model (LoraModel) .model (the HF model). */
export const PEFT_KEY_PREFIX = 'base_model.model.';

/** PEFT's TaskType values this package's tasks map to. */
export type PeftTaskType = 'CAUSAL_LM' | 'SEQ_CLS' | 'SEQ_2_SEQ_LM' | 'TOKEN_CLS';

/** `llm finetune --task` words → PEFT task_type (masked LM has none in PEFT: null). */
export const PEFT_TASK_TYPES: Readonly<Record<string, PeftTaskType | null>> = {
  'causal-lm': 'CAUSAL_LM',
  classification: 'SEQ_CLS',
  seq2seq: 'SEQ_2_SEQ_LM',
  'token-classification': 'TOKEN_CLS',
  'masked-lm': null,
};

/** Our task word or PEFT's own value → PEFT's task_type; unknown words are an error. */
export function peftTaskType(task: string | null | undefined): PeftTaskType | null {
  if (task === null || task === undefined) return null;
  if (task in PEFT_TASK_TYPES) return PEFT_TASK_TYPES[task]!;
  const peft = Object.values(PEFT_TASK_TYPES).find((t) => t === task);
  if (peft) return peft;
  throw new Error(
    `unknown task '${task}' (available: ${[...Object.keys(PEFT_TASK_TYPES), ...Object.values(PEFT_TASK_TYPES).filter(Boolean)].join(', ')})`,
  );
}

/** PEFT's task_type → our task word (null and unknown values: null). */
export function taskFromPeft(taskType: unknown): string | null {
  const hit = Object.entries(PEFT_TASK_TYPES).find(([, t]) => t !== null && t === taskType);
  return hit ? hit[0] : null;
}

/**
 * True when the model carries something PEFT saves as an adapter (LoRA layers or a
 * prompt): save it with `saveAdapter`, not as a whole model.
 */
export function hasPeftAdapter(model: Module): boolean {
  return loraLayers(model).length > 0 || promptEmbeddingOf(model) !== undefined;
}

/** What the config records beside the LoRA settings. */
export interface AdapterInfo {
  /** Our task word ('classification') or PEFT's ('SEQ_CLS'). */
  readonly taskType?: string | null;
  /** The base model's directory or hub id. */
  readonly baseModelNameOrPath?: string | null;
  /** PEFT loads an adapter frozen when true (its default for a saved adapter). */
  readonly inferenceMode?: boolean;
}

/** The two files' contents: the config (parsed or as text) and the tensors. */
export interface AdapterFiles {
  readonly config: Record<string, unknown> | string;
  readonly tensors: Record<string, Tensor>;
  /** Where they came from, for error messages (a directory). */
  readonly source?: string;
}

export class AdapterError extends Error {
  override readonly name = 'AdapterError';
}

/** adapter_config.json's object for a model with LoRA layers, keys sorted as PEFT writes them. */
export function adapterConfig(model: Module, info: AdapterInfo = {}): Record<string, unknown> {
  const c = currentConfig(model);
  const fields: Record<string, unknown> = {
    alpha_pattern: {},
    auto_mapping: null,
    base_model_name_or_path: info.baseModelNameOrPath ?? null,
    bias: 'none',
    fan_in_fan_out: c.fanInFanOut,
    inference_mode: info.inferenceMode ?? true,
    init_lora_weights: true,
    layer_replication: null,
    layers_pattern: null,
    layers_to_transform: null,
    loftq_config: {},
    lora_alpha: c.loraAlpha,
    lora_dropout: c.loraDropout,
    megatron_config: null,
    megatron_core: 'megatron.core',
    modules_to_save: c.modulesToSave === null ? null : [...c.modulesToSave],
    peft_type: 'LORA',
    r: c.r,
    rank_pattern: {},
    revision: null,
    target_modules: typeof c.targetModules === 'string' ? c.targetModules : [...c.targetModules],
    task_type: peftTaskType(info.taskType),
    use_dora: false,
    use_rslora: c.useRslora,
  };
  return fields;
}

/** adapter_model.safetensors' tensors: each LoRA A and B, and each saved head's parameters. */
export function adapterTensors(model: Module): Record<string, Tensor> {
  const c = currentConfig(model);
  const out: Record<string, Tensor> = {};
  for (const [path, layer] of loraLayers(model)) {
    out[`${PEFT_KEY_PREFIX}${path}.lora_A.weight`] = layer.loraA.weight; // [r, in]
    out[`${PEFT_KEY_PREFIX}${path}.lora_B.weight`] = layer.loraB.weight; // [out, r]
  }
  if (c.modulesToSave !== null)
    for (const path of taskHeadPaths(model, c.modulesToSave))
      for (const [name, p] of model.getSubmodule(path).namedParameters())
        out[`${PEFT_KEY_PREFIX}${path}.${name}`] = p;
  return out;
}

/** Both files' contents for `model` (which must have LoRA layers). */
export function adapterFiles(
  model: Module,
  info: AdapterInfo = {},
): { config: Record<string, unknown>; tensors: Record<string, Tensor> } {
  if (promptEmbeddingOf(model)) {
    const heads = classificationHeadPaths(model).filter((p) =>
      model
        .getSubmodule(p)
        .parameters()
        .some((t) => t.requiresGrad),
    );
    return promptAdapterFiles(model, {
      taskType: peftTaskType(info.taskType),
      baseModelNameOrPath: info.baseModelNameOrPath ?? null,
      inferenceMode: info.inferenceMode ?? true,
      modulesToSave: heads.length > 0 ? heads.map((p) => p.slice(p.lastIndexOf('.') + 1)) : null,
    });
  }
  return { config: adapterConfig(model, info), tensors: adapterTensors(model) };
}

/** adapter_config.json, read and checked: one-line errors name the file and the field. */
export interface ParsedAdapterConfig extends LoraSettings {
  readonly taskType: PeftTaskType | null;
  readonly baseModelNameOrPath: string | null;
  readonly inferenceMode: boolean;
}

export function parseAdapterConfig(
  config: Record<string, unknown> | string,
  file: string = ADAPTER_CONFIG_NAME,
): ParsedAdapterConfig {
  const fail = (why: string): never => {
    throw new AdapterError(`${file}: ${why}`);
  };
  const c = configObject(config, file);
  const show = (v: unknown) => JSON.stringify(v) ?? String(v);
  const field = <T>(key: string, ok: (v: unknown) => boolean, want: string, fallback: T): T => {
    const v = c[key];
    if (v === undefined) return fallback;
    if (!ok(v)) fail(`field '${key}' must be ${want}, got ${show(v)}`);
    return v as T;
  };
  const peftType = c.peft_type;
  if (peftType !== 'LORA')
    fail(
      peftType === undefined
        ? 'field \'peft_type\' is missing (expected "LORA")'
        : `field 'peft_type' ${show(peftType)} is not supported (this loader reads "LORA")`,
    );
  const isStrings = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === 'string');
  const r = field('r', (v) => Number.isInteger(v) && (v as number) > 0, 'a positive integer', 8);
  const loraAlpha = field(
    'lora_alpha',
    (v) => typeof v === 'number' && Number.isFinite(v),
    'a number',
    8,
  );
  const loraDropout = field(
    'lora_dropout',
    (v) => typeof v === 'number' && v >= 0 && v < 1,
    'a number in [0, 1)',
    0,
  );
  const targets = field<TargetModules | null>(
    'target_modules',
    (v) => v === null || typeof v === 'string' || isStrings(v),
    'a list of module names or a regex string',
    null,
  );
  const fanInFanOut = field(
    'fan_in_fan_out',
    (v) => typeof v === 'boolean',
    'true or false',
    false,
  );
  const useRslora = field('use_rslora', (v) => typeof v === 'boolean', 'true or false', false);
  const modulesToSave = field<string[] | null>(
    'modules_to_save',
    (v) => v === null || isStrings(v),
    'null or a list of module names',
    null,
  );
  field('bias', (v) => v === 'none', '"none" (bias training is not supported here)', 'none');
  field('use_dora', (v) => v === false, 'false (DoRA is not supported here)', false);
  field('layers_to_transform', (v) => v === null, 'null (not supported here)', null);
  field('layer_replication', (v) => v === null, 'null (not supported here)', null);
  const empty = (v: unknown) =>
    v === null || (typeof v === 'object' && Object.keys(v as object).length === 0);
  field('rank_pattern', empty, '{} (per-layer ranks are not supported here)', {});
  field('alpha_pattern', empty, '{} (per-layer alphas are not supported here)', {});
  const taskType = field<string | null>(
    'task_type',
    (v) => v === null || typeof v === 'string',
    'null or a PEFT TaskType',
    null,
  );
  const base = field<string | null>(
    'base_model_name_or_path',
    (v) => v === null || typeof v === 'string',
    'null or a string',
    null,
  );
  const inferenceMode = field(
    'inference_mode',
    (v) => typeof v === 'boolean',
    'true or false',
    true,
  );
  return {
    r,
    loraAlpha,
    loraDropout,
    useRslora,
    fanInFanOut,
    // null is PEFT's "the model type's default": the same names DEFAULT_LORA_TARGETS holds
    ...(targets !== null && { targetModules: targets }),
    modulesToSave,
    taskType: (taskType as PeftTaskType | null) ?? null,
    baseModelNameOrPath: base,
    inferenceMode,
  };
}

/** What loadAdapter put in: LoRA layers (none for prompt tuning) and the heads it loaded. */
export interface LoadedAdapter {
  readonly peftType: 'LORA' | 'PROMPT_TUNING';
  readonly layers: [string, LoraLayer][];
  readonly heads: string[];
  /** The LoRA config as read (null for prompt tuning). */
  readonly parsed: ParsedAdapterConfig | null;
}

// adapter_config.json as an object; text that is not one is an error naming the file.
function configObject(
  config: Record<string, unknown> | string,
  file: string,
): Record<string, unknown> {
  let c: unknown = config;
  if (typeof config === 'string') {
    try {
      c = JSON.parse(config);
    } catch (error) {
      throw new AdapterError(`${file}: not valid JSON (${(error as Error).message})`);
    }
  }
  if (typeof c !== 'object' || c === null || Array.isArray(c))
    throw new AdapterError(`${file}: must be a JSON object`);
  return c as Record<string, unknown>;
}

export interface LoadAdapterOptions {
  /** Keep LoRA (and the heads) trainable to continue training; default frozen, as PEFT's is_trainable=false. */
  readonly trainable?: boolean;
}

/**
 * Applies LoRA to `model` as the config says and loads the tensors. Every key is checked
 * against the model before anything changes: it must name a LoRA target's lora_A / lora_B
 * or a real parameter, with the right shape, and every target must get both A and B;
 * otherwise one line says what is wrong.
 */
export function loadAdapter(
  model: Module,
  files: AdapterFiles,
  options: LoadAdapterOptions = {},
): LoadedAdapter {
  const dir = files.source === undefined ? '' : `${files.source.replace(/\/+$/, '')}/`;
  const weights = `${dir}${ADAPTER_WEIGHTS_NAME}`;
  const configName = `${dir}${ADAPTER_CONFIG_NAME}`;
  const raw = configObject(files.config, configName);
  if (raw.peft_type === 'PROMPT_TUNING') {
    const { heads } = loadPromptAdapter(model, raw, files.tensors, { config: configName, weights });
    model.freeze();
    if (options.trainable) {
      promptEmbeddingOf(model)![1].prompt.requiresGrad = true;
      for (const path of heads) model.getSubmodule(path).unfreeze();
    }
    return { peftType: 'PROMPT_TUNING', layers: [], heads, parsed: null };
  }
  const parsed = parseAdapterConfig(raw, configName);
  if (loraLayers(model).length > 0)
    throw new AdapterError(
      `${weights}: the model already has LoRA layers (mergeAndUnload it first)`,
    );
  const targets = new Map<string, Linear | Conv1D>();
  for (const [path, m] of matchingModules(model, parsed.targetModules ?? DEFAULT_LORA_TARGETS))
    if (m instanceof Linear || m instanceof Conv1D) targets.set(path, m);
  const own = model.stateDict(); // names before LoRA moves targets under base_layer
  const problems: string[] = [];
  const seen = new Set<string>();
  const lora: [Tensor, Tensor][] = [];
  const plain: [Tensor, Tensor][] = [];
  const shape = (s: readonly number[]) => `[${s.join(', ')}]`;
  for (const [key, t] of Object.entries(files.tensors)) {
    if (!key.startsWith(PEFT_KEY_PREFIX)) {
      problems.push(`key '${key}' does not start with '${PEFT_KEY_PREFIX}'`);
      continue;
    }
    const name = key.slice(PEFT_KEY_PREFIX.length);
    const m = /^(.*)\.lora_([AB])\.weight$/.exec(name);
    if (m) {
      const [, path, which] = m as unknown as [string, string, 'A' | 'B'];
      const base = targets.get(path);
      if (base === undefined) {
        problems.push(
          `key '${key}': '${path}' is not a LoRA target of the model (target_modules ${JSON.stringify(parsed.targetModules ?? DEFAULT_LORA_TARGETS)})`,
        );
        continue;
      }
      const want = which === 'A' ? [parsed.r, base.inFeatures] : [base.outFeatures, parsed.r];
      if (t.shape.length !== 2 || t.shape[0] !== want[0] || t.shape[1] !== want[1]) {
        problems.push(`key '${key}': expected ${shape(want)}, got ${shape(t.shape)}`);
        continue;
      }
      seen.add(`${path}.${which}`);
      continue;
    }
    const target = own[name];
    if (target === undefined) {
      problems.push(`key '${key}' names no parameter of the model`);
      continue;
    }
    if (target.shape.length !== t.shape.length || target.shape.some((d, i) => d !== t.shape[i])) {
      problems.push(`key '${key}': expected ${shape(target.shape)}, got ${shape(t.shape)}`);
      continue;
    }
    plain.push([target, t]);
  }
  for (const path of targets.keys())
    for (const which of ['A', 'B'])
      if (!seen.has(`${path}.${which}`))
        problems.push(`missing '${PEFT_KEY_PREFIX}${path}.lora_${which}.weight'`);
  if (problems.length > 0) {
    const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
    throw new AdapterError(`${weights}: ${problems.slice(0, 3).join('; ')}${more}`);
  }
  const applied = applyLora(model, parsed);
  for (const [path, layer] of applied.layers) {
    lora.push([layer.loraA.weight, files.tensors[`${PEFT_KEY_PREFIX}${path}.lora_A.weight`]!]);
    lora.push([layer.loraB.weight, files.tensors[`${PEFT_KEY_PREFIX}${path}.lora_B.weight`]!]);
  }
  for (const [dst, src] of [...lora, ...plain])
    dst.data.set(src.dtype === dst.dtype ? src.data : src.to(dst.dtype).data);
  if (!options.trainable) model.freeze();
  return { peftType: 'LORA', layers: applied.layers, heads: applied.heads, parsed };
}

// The remembered config, or one read off the layers (LoraLayers put in by hand).
function currentConfig(model: Module): LoraConfig {
  const layers = loraLayers(model);
  if (layers.length === 0) throw new AdapterError('the model has no LoRA layers to save');
  const remembered = loraConfigOf(model);
  if (remembered) return remembered;
  const [, first] = layers[0]!;
  return {
    r: first.r,
    loraAlpha: first.alpha,
    loraDropout: first.loraDropout.p,
    useRslora: first.useRslora,
    fanInFanOut: layers.some(([, l]) => l.fanInFanOut),
    targetModules: [...new Set(layers.map(([p]) => p.slice(p.lastIndexOf('.') + 1)))],
    modulesToSave: null,
  };
}
