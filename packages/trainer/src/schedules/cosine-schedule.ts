/**
 * Linear warmup, then a cosine from 1 down to a floor — HF's
 * `get_cosine_schedule_with_warmup` (floor 0) and `get_cosine_with_min_lr_schedule_with_warmup`
 * (`minLrRatio` = HF's `min_lr_rate`).
 *
 *   import { cosineSchedule } from '@llm/trainer';
 *   const s = cosineSchedule({ warmupSteps: 100, totalSteps: 1100, minLrRatio: 0.1 });
 *   s.factor(600);   // 0.55: half-way down the cosine, between 1 and the floor 0.1
 */
import { checkInteger, defineSchedule, warmup } from '../schedule.js';

export interface CosineScheduleOptions {
  readonly warmupSteps?: number;
  readonly totalSteps: number;
  /** The floor, as a fraction of the initial lr (default 0). */
  readonly minLrRatio?: number;
  /** Cosine waves over the decay (default 0.5: one half-wave from 1 to the floor). */
  readonly numCycles?: number;
}

export const cosineSchedule = defineSchedule(
  'cosine',
  'linear warmup, then cosine decay to a floor (minLrRatio of the initial lr)',
  ['warmupSteps', 'totalSteps', 'minLrRatio', 'numCycles'],
  (options: CosineScheduleOptions) => {
    const w = checkInteger('cosine', 'warmupSteps', options.warmupSteps ?? 0, 0);
    const total = checkInteger('cosine', 'totalSteps', options.totalSteps, 1);
    const floor = options.minLrRatio ?? 0;
    const cycles = options.numCycles ?? 0.5;
    if (!(floor >= 0 && floor <= 1))
      throw new RangeError(`cosine schedule: minLrRatio must be in [0, 1], got ${floor}`);
    return (step) => {
      if (step < w) return warmup(step, w);
      const progress = (step - w) / Math.max(1, total - w);
      const cosine = 0.5 * (1 + Math.cos(Math.PI * cycles * 2 * progress));
      return Math.max(0, cosine * (1 - floor) + floor);
    };
  },
);
