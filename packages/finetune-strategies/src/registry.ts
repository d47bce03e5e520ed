/**
 * The strategies by name, built from the exports of `strategies/index.ts` — adding one is
 * adding a file and its export line, never editing a switch.
 *
 *   getStrategy('full').apply(model);
 *   strategies.names();                   // ['full', …]
 */
import { registryFromExports } from '@llm/registry';
import { type FinetuneStrategy, isFinetuneStrategy } from './finetune-strategy.js';
import * as exported from './strategies/index.js';

export function strategyRegistry(modules: Record<string, unknown>) {
  return registryFromExports({ kind: 'strategy', exports: modules, is: isFinetuneStrategy });
}

export const strategies = strategyRegistry(exported);

/** The strategy called `name`; an unknown name is one line listing the known ones. */
export function getStrategy(name: string): FinetuneStrategy {
  return strategies.get(name);
}
