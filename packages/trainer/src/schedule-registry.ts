/**
 * The LR schedules by name, built from the exports of `schedules/index.ts`.
 *
 *   import { getSchedule } from '@llm/trainer';
 *   const schedule = getSchedule('cosine')({ warmupSteps: 100, totalSteps: 1000 });
 */
import { type Registry, registryFromExports } from '@llm/registry';
import type { ScheduleDef } from './schedule.js';
import * as exported from './schedules/index.js';

// biome-ignore lint/suspicious/noExplicitAny: each schedule takes its own options
type AnyScheduleDef = ScheduleDef<any>;

/**
 * The schedule registry of `modules` (default: the built-ins), keyed by `scheduleName` —
 * a schedule is a function, so its own `name` is the JS identifier, not the CLI word.
 */
export function scheduleRegistry(
  modules: Record<string, unknown> = exported,
): Registry<AnyScheduleDef> {
  return registryFromExports({
    kind: 'schedule',
    exports: modules,
    is: isScheduleDef,
    key: (def) => def.scheduleName,
  });
}

const registry = scheduleRegistry();

export const schedules: Readonly<Record<string, AnyScheduleDef>> = registry.entries;

/** The schedule factory called `name`; an unknown name throws, listing the known ones. */
export function getSchedule(name: string): AnyScheduleDef {
  return registry.get(name);
}

export function isScheduleDef(value: unknown): value is AnyScheduleDef {
  return (
    typeof value === 'function' &&
    typeof (value as Partial<AnyScheduleDef>).scheduleName === 'string' &&
    typeof (value as Partial<AnyScheduleDef>).summary === 'string'
  );
}
