/**
 * Which module paths a `target_modules` / `modules_to_save` setting names, exactly as
 * PEFT's `check_target_module_exists` decides it, so a config written for Python picks
 * the same layers here: a string is a regex that must match the whole path; a list
 * matches a path equal to an entry or ending in `.${entry}`.
 *
 *   matchesTarget('transformer.h.0.attn.c_attn', ['c_attn']);          // true
 *   matchesTarget('bert.encoder.layer.0.attention.self.query', '.*\\.(query|value)'); // true
 *   matchesTarget('transformer.h.0.attn.c_attn_x', ['c_attn']);        // false
 */
import type { Module } from '@llm/layers';

export type TargetModules = readonly string[] | string;

export function matchesTarget(path: string, targets: TargetModules): boolean {
  if (typeof targets === 'string') return fullMatch(targets, path);
  return targets.some((t) => path === t || path.endsWith(`.${t}`));
}

/** Every [path, module] of `model` that `targets` names, in the model's order (root excluded). */
export function matchingModules(model: Module, targets: TargetModules): [string, Module][] {
  return model.namedModules().filter(([path]) => path !== '' && matchesTarget(path, targets));
}

const compiled = new Map<string, RegExp>();

// Python's re.fullmatch: anchor the whole pattern (as a group, so `a|b` anchors both).
function fullMatch(pattern: string, path: string): boolean {
  let re = compiled.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${pattern})$`);
    } catch (error) {
      throw new Error(`target_modules: invalid regex '${pattern}' (${(error as Error).message})`);
    }
    compiled.set(pattern, re);
  }
  return re.test(path);
}
