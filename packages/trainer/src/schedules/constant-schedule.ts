/**
 * A constant learning rate, after an optional linear warmup — HF's `get_constant_schedule`
 * (warmupSteps 0) and `get_constant_schedule_with_warmup`.
 *
 *   import { constantSchedule } from '@llm/trainer';
 *   constantSchedule({ warmupSteps: 10 }).factor(5);   // 0.5
 */
import { checkInteger, defineSchedule, warmup } from '../schedule.js';

export interface ConstantScheduleOptions {
  /** Steps of linear warmup from 0 (default 0). */
  readonly warmupSteps?: number;
}

export const constantSchedule = defineSchedule(
  'constant',
  'constant learning rate, optionally after a linear warmup',
  ['warmupSteps'],
  (options: ConstantScheduleOptions = {}) => {
    const w = checkInteger('constant', 'warmupSteps', options.warmupSteps ?? 0, 0);
    return (step) => (step < w ? warmup(step, w) : 1);
  },
);
