/**
 * Linear warmup, then decay as 1/√step — HF's `get_inverse_sqrt_schedule` (timescale
 * defaults to the warmup, or 10,000 without one): the multiplier is 1 at the end of
 * the warmup and falls as 1/√((step + timescale − warmup) / timescale).
 *
 *   import { inverseSqrtSchedule } from '@llm/trainer';
 *   inverseSqrtSchedule({ warmupSteps: 100 }).factor(400);   // 0.5
 */
import { checkInteger, defineSchedule, warmup } from '../schedule.js';

export interface InverseSqrtScheduleOptions {
  readonly warmupSteps?: number;
  /** The decay's time scale in steps (default warmupSteps, or 10,000 without a warmup). */
  readonly timescale?: number;
}

export const inverseSqrtSchedule = defineSchedule(
  'inverse-sqrt',
  'linear warmup, then decay as 1/sqrt(step)',
  ['warmupSteps', 'timescale'],
  (options: InverseSqrtScheduleOptions = {}) => {
    const w = checkInteger('inverse-sqrt', 'warmupSteps', options.warmupSteps ?? 0, 0);
    const timescale = checkInteger(
      'inverse-sqrt',
      'timescale',
      options.timescale ?? (w || 10_000),
      1,
    );
    const shift = timescale - w;
    return (step) => (step < w ? warmup(step, w) : 1 / Math.sqrt((step + shift) / timescale));
  },
);
