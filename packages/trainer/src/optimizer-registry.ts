/**
 * The optimizers by name, built from the exports of `optimizers/index.ts` — adding one is
 * adding a file and its export line, never editing a switch.
 *
 *   import { getOptimizer } from '@llm/trainer';
 *   const opt = getOptimizer('adamw').create(model.parameters(), { lr: 1e-3, weightDecay: 0.01 });
 */
import { type Registry, registryFromExports } from '@llm/registry';
import type { OptimizerDef } from './optimizer.js';
import * as exported from './optimizers/index.js';

/** The optimizer registry of `modules` (default: the built-ins); two with one name throw. */
export function optimizerRegistry(
  modules: Record<string, unknown> = exported,
): Registry<OptimizerDef> {
  return registryFromExports({ kind: 'optimizer', exports: modules, is: isOptimizerDef });
}

const registry = optimizerRegistry();

export const optimizers: Readonly<Record<string, OptimizerDef>> = registry.entries;

/** The optimizer called `name`; an unknown name throws, listing the known ones. */
export function getOptimizer(name: string): OptimizerDef {
  return registry.get(name);
}

export function isOptimizerDef(value: unknown): value is OptimizerDef {
  if (typeof value !== 'object' || value === null) return false;
  const d = value as Partial<OptimizerDef>;
  return (
    typeof d.name === 'string' && typeof d.summary === 'string' && typeof d.create === 'function'
  );
}
