/**
 * The trainer's registries (optimizers, schedules) are built by `@llm/registry`, the one
 * helper every package uses; its UnknownNameError is re-exported here so
 * `error instanceof UnknownNameError` holds for `getOptimizer` and `getSchedule` alike.
 *
 *   try { getOptimizer('lion'); } catch (e) { e instanceof UnknownNameError; }   // true
 */
export { UnknownNameError } from '@llm/registry';
