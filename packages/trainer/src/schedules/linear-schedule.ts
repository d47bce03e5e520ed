/**
 * Linear warmup, then linear decay to 0 at `totalSteps` — HF's
 * `get_linear_schedule_with_warmup`.
 *
 *   import { linearSchedule } from '@llm/trainer';
 *   const s = linearSchedule({ warmupSteps: 10, totalSteps: 110 });
 *   s.factor(60);   // 0.5
 */
import { checkInteger, defineSchedule, warmup } from '../schedule.js';

export interface LinearScheduleOptions {
  readonly warmupSteps?: number;
  /** The step at which the multiplier reaches 0 (it stays 0 after). */
  readonly totalSteps: number;
}

export const linearSchedule = defineSchedule(
  'linear',
  'linear warmup, then linear decay to 0 at totalSteps',
  ['warmupSteps', 'totalSteps'],
  (options: LinearScheduleOptions) => {
    const w = checkInteger('linear', 'warmupSteps', options.warmupSteps ?? 0, 0);
    const total = checkInteger('linear', 'totalSteps', options.totalSteps, 1);
    return (step) =>
      step < w ? warmup(step, w) : Math.max(0, (total - step) / Math.max(1, total - w));
  },
);
