/**
 * Puts LoRA layers into a model by path (PEFT's `inject_adapter`): every Linear / Conv1D
 * whose path `targetModules` names is replaced by a `LoraLayer` around it, the rest of
 * the model is frozen, and the `modulesToSave` heads stay trainable. The resolved config
 * is remembered with the model, so `adapterFiles` / `saveAdapter` write it back.
 *
 *   const { layers } = applyLora(model, resolveLoraConfig({ r: 8, targetModules: ['c_attn'] }));
 *   layers.map(([path]) => path);   // ['transformer.h.0.attn.c_attn', …]
 *   loraConfigOf(model)?.r;         // 8
 */
import { Conv1D, Linear, type Module } from '@llm/layers';
import { Rng } from '@llm/tensor-core';
import type { StrategyOptions } from './finetune-strategy.js';
import { LoraLayer } from './lora-layer.js';
import { matchingModules, type TargetModules } from './target-match.js';
import { classificationHeadPaths, taskHeadPaths } from './task-head.js';

/** LoRA's settings, resolved (PEFT's LoraConfig fields, camelCased). */
export interface LoraConfig {
  readonly r: number;
  readonly loraAlpha: number;
  readonly loraDropout: number;
  /** As given, or the default names that matched (see DEFAULT_LORA_TARGETS). */
  readonly targetModules: TargetModules;
  readonly fanInFanOut: boolean;
  readonly useRslora: boolean;
  /** Heads trained and saved whole; null when none. */
  readonly modulesToSave: readonly string[] | null;
}

/**
 * PEFT's default target_modules for the model types here (its
 * TRANSFORMERS_MODELS_TO_LORA_TARGET_MODULES_MAPPING: gpt2 c_attn, bert query + value,
 * t5 q + v); no model has names of another's, so the ones that exist are the default.
 */
export const DEFAULT_LORA_TARGETS: readonly string[] = ['c_attn', 'query', 'value', 'q', 'v'];

/** What `applyLora` takes: a LoraConfig whose targets, fan_in_fan_out and heads may be left to it. */
export type LoraSettings = Omit<LoraConfig, 'targetModules' | 'fanInFanOut' | 'modulesToSave'> &
  Partial<Pick<LoraConfig, 'targetModules' | 'fanInFanOut' | 'modulesToSave'>>;

export interface AppliedLora {
  /** [path, layer] of every wrapped projection, in model order. */
  readonly layers: [string, LoraLayer][];
  /** Module paths of the heads kept trainable. */
  readonly heads: string[];
  readonly config: LoraConfig;
}

const configs = new WeakMap<Module, LoraConfig>();

/** The config `applyLora` (or `loadAdapter`) used on this model, if any. */
export function loraConfigOf(model: Module): LoraConfig | undefined {
  return configs.get(model);
}

/** Every LoRA layer in the model with its path. */
export function loraLayers(model: Module): [string, LoraLayer][] {
  return model.namedModules().filter((e): e is [string, LoraLayer] => e[1] instanceof LoraLayer);
}

/**
 * Defaults filled in and checked (PEFT's: r 8, alpha 8, dropout 0). `targetModules`
 * stays undefined here when not given; `applyLora` picks the defaults the model has.
 */
export function resolveLoraConfig(options: StrategyOptions = {}): LoraSettings {
  const { r = 8, loraAlpha = 8, loraDropout = 0, useRslora = false } = options;
  if (!Number.isInteger(r) || r <= 0)
    throw new RangeError(`lora: r must be a positive integer, got ${r}`);
  if (!Number.isFinite(loraAlpha))
    throw new RangeError(`lora: lora_alpha must be a number, got ${loraAlpha}`);
  if (!(loraDropout >= 0 && loraDropout < 1))
    throw new RangeError(`lora: lora_dropout must be in [0, 1), got ${loraDropout}`);
  return {
    r,
    loraAlpha,
    loraDropout,
    useRslora,
    ...(options.targetModules !== undefined && { targetModules: options.targetModules }),
    ...(options.fanInFanOut !== undefined && { fanInFanOut: options.fanInFanOut }),
    ...(options.modulesToSave !== undefined && { modulesToSave: options.modulesToSave }),
  };
}

/**
 * Wraps the targets, freezes everything else, unfreezes the heads. A target that is not a
 * Linear / Conv1D, or already LoRA, is an error, as is a setting that matches nothing.
 */
export function applyLora(
  model: Module,
  config: LoraSettings,
  options: { seed?: number } = {},
): AppliedLora {
  if (loraLayers(model).length > 0)
    throw new Error('lora: the model already has LoRA layers (mergeAndUnload it first)');
  const targets = config.targetModules ?? defaultTargets(model);
  const found = matchingModules(model, targets);
  if (found.length === 0)
    throw new Error(
      `lora: target_modules ${JSON.stringify(targets)} not found in the model (e.g. ${examplePaths(model)})`,
    );
  for (const [path, m] of found)
    if (!(m instanceof Linear || m instanceof Conv1D))
      throw new Error(
        `lora: target module '${path}' is a ${m.constructor.name}; LoRA wraps Linear and Conv1D`,
      );
  const seed = options.seed ?? 0;
  const initRng = new Rng(seed);
  // dropout draws from its own seeded stream, so A's init does not depend on it
  const dropoutRng = new Rng(seed + 0x9e3779b9);
  model.freeze();
  const layers: [string, LoraLayer][] = found.map(([path, m]) => {
    const layer = new LoraLayer(m as Linear | Conv1D, {
      r: config.r,
      alpha: config.loraAlpha,
      dropout: config.loraDropout,
      useRslora: config.useRslora,
      rng: initRng,
      dropoutRng,
    });
    layer.train(model.training);
    model.setSubmodule(path, layer);
    return [path, layer];
  });
  const heads =
    config.modulesToSave === undefined || config.modulesToSave === null
      ? classificationHeadPaths(model)
      : taskHeadPaths(model, config.modulesToSave);
  for (const path of heads) model.getSubmodule(path).unfreeze();
  const resolved: LoraConfig = {
    r: config.r,
    loraAlpha: config.loraAlpha,
    loraDropout: config.loraDropout,
    useRslora: config.useRslora,
    targetModules: targets,
    fanInFanOut: config.fanInFanOut ?? layers.some(([, l]) => l.fanInFanOut),
    modulesToSave:
      config.modulesToSave === undefined || config.modulesToSave === null
        ? heads.length > 0
          ? heads.map((p) => p.slice(p.lastIndexOf('.') + 1))
          : null
        : [...config.modulesToSave],
  };
  configs.set(model, resolved);
  return { layers, heads, config: resolved };
}

/** Forgets the model's LoRA config (mergeAndUnload). */
export function forgetLoraConfig(model: Module): void {
  configs.delete(model);
}

function defaultTargets(model: Module): string[] {
  const paths = model.namedModules().map(([p]) => p);
  const names = DEFAULT_LORA_TARGETS.filter((t) =>
    paths.some((p) => p === t || p.endsWith(`.${t}`)),
  );
  return names.length > 0 ? names : [...DEFAULT_LORA_TARGETS];
}

function examplePaths(model: Module): string {
  const linear = model
    .namedModules()
    .filter(([, m]) => m instanceof Linear || m instanceof Conv1D)
    .map(([p]) => p);
  return linear.slice(0, 3).join(', ') || 'no Linear or Conv1D layers';
}
