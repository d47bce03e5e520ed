/**
 * The LR schedules by name, built from the exports of `schedules/index.ts`.
 *
 *   import { getSchedule } from '@llm/trainer';
 *   const schedule = getSchedule('cosine')({ warmupSteps: 100, totalSteps: 1000 });
 */
import { buildRegistry, lookup } from './registry.js';
import type { ScheduleDef } from './schedule.js';
import * as exported from './schedules/index.js';

// biome-ignore lint/suspicious/noExplicitAny: each schedule takes its own options
type AnyScheduleDef = ScheduleDef<any>;

const byName = buildRegistry(
  'schedule',
  Object.fromEntries(
    Object.entries(exported)
      .filter(([, v]) => isScheduleDef(v))
      .map(([k, v]) => [k, { name: (v as AnyScheduleDef).scheduleName, def: v as AnyScheduleDef }]),
  ),
  (v): v is { name: string; def: AnyScheduleDef } =>
    typeof v === 'object' && v !== null && 'def' in v,
);

export const schedules: Readonly<Record<string, AnyScheduleDef>> = Object.freeze(
  Object.fromEntries(Object.entries(byName).map(([name, { def }]) => [name, def])),
);

/** The schedule factory called `name`; an unknown name throws, listing the known ones. */
export function getSchedule(name: string): AnyScheduleDef {
  return lookup('schedule', schedules, name);
}

export function isScheduleDef(value: unknown): value is AnyScheduleDef {
  return (
    typeof value === 'function' &&
    typeof (value as Partial<AnyScheduleDef>).scheduleName === 'string' &&
    typeof (value as Partial<AnyScheduleDef>).summary === 'string'
  );
}
