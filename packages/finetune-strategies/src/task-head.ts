/**
 * The task head a strategy keeps trainable (PEFT's `modules_to_save`): the modules the
 * caller names, or else the first of HF's head names that the model has — `classifier`
 * (BERT), `score` (GPT-2 / Llama classification), `lm_head`, `cls` (BERT masked LM).
 * A language model whose head is tied to its token embedding (GPT-2, T5: `lmHead` is
 * `wte.weight` / `shared.weight`) has no head module; its head is then that embedding.
 *
 *   taskHeadPaths(bertForSequenceClassification);   // ['classifier']
 *   taskHeadPaths(gpt2);                            // ['transformer.wte'] (the tied head)
 *   taskHeadPaths(model, ['pooler', 'classifier']); // every module those names match
 */
import type { Module } from '@llm/layers';
import type { Tensor } from '@llm/tensor-core';
import { matchingModules, type TargetModules } from './target-match.js';

/** HF's head names, in the order a default head is looked for. */
export const TASK_HEAD_NAMES: readonly string[] = ['classifier', 'score', 'lm_head', 'cls'];

/**
 * Module paths of the head. Named modules that match nothing are an error (one line);
 * with no names, a model without any head is one too. `tied: false` answers [] rather
 * than a tied embedding (and rather than the error) when no head module exists.
 */
export function taskHeadPaths(
  model: Module,
  modulesToSave?: TargetModules,
  options: { tied?: boolean } = {},
): string[] {
  if (modulesToSave !== undefined) {
    const found = topmost(matchingModules(model, modulesToSave).map(([p]) => p));
    if (found.length === 0)
      throw new Error(
        `modules_to_save ${JSON.stringify(modulesToSave)}: no module of the model matches`,
      );
    return found;
  }
  for (const name of TASK_HEAD_NAMES) {
    const found = topmost(matchingModules(model, [name]).map(([p]) => p));
    if (found.length > 0) return found;
  }
  if (options.tied === false) return [];
  const tied = tiedHeadPath(model);
  if (tied !== null) return [tied];
  throw new Error(
    `no task head found (looked for ${TASK_HEAD_NAMES.join(', ')} and a tied lmHead); name it with modulesToSave`,
  );
}

/** The head's parameters, each tensor once. */
export function taskHeadParameters(model: Module, modulesToSave?: TargetModules): Tensor[] {
  const out = new Set<Tensor>();
  for (const path of taskHeadPaths(model, modulesToSave))
    for (const p of model.getSubmodule(path).parameters()) out.add(p);
  return [...out];
}

/** Paths of PEFT's SEQ_CLS heads (`classifier`, `score`) the model has: LoRA's default modules_to_save. */
export function classificationHeadPaths(model: Module): string[] {
  return topmost(matchingModules(model, ['classifier', 'score']).map(([p]) => p));
}

// A model that exposes `lmHead` as a tensor (our GPT-2 and T5) ties it to the module that
// owns that tensor first: its path, e.g. 'transformer.wte'.
function tiedHeadPath(model: Module): string | null {
  const head = (model as unknown as { lmHead?: unknown }).lmHead;
  if (head === undefined || head === null) return null;
  const hit = model.namedParameters().find(([, p]) => p === head);
  if (hit === undefined) return null;
  const cut = hit[0].lastIndexOf('.');
  return cut === -1 ? '' : hit[0].slice(0, cut);
}

// 'cls' and 'cls.predictions' both match a suffix list only if named; keep the outermost.
function topmost(paths: string[]): string[] {
  return paths.filter((p) => !paths.some((q) => q !== p && p.startsWith(`${q}.`)));
}
