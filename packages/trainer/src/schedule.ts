/**
 * Learning-rate schedules: a schedule is a pure function of the step — the multiplier of
 * each group's initial learning rate for the update with 0-based index `step` (so step 0
 * is the first update), exactly as a torch `LambdaLR` built by Hugging Face's
 * `get_*_schedule_with_warmup`. Being pure, it needs no state of its own to resume.
 *
 *   import { cosineSchedule } from '@llm/trainer';
 *   const schedule = cosineSchedule({ warmupSteps: 100, totalSteps: 5000, minLrRatio: 0.1 });
 *   schedule.factor(0);      // 0 — the first update of a warmup runs at lr 0, as HF's
 *   schedule.factor(100);    // 1
 */

export interface Schedule {
  /** The registry name, e.g. 'cosine'. */
  readonly name: string;
  /** The options it was made with (saved in checkpoints, to refuse a mismatched resume). */
  readonly options: Readonly<Record<string, number>>;
  /** The lr multiplier for the update with 0-based index `step`. */
  factor(step: number): number;
}

/** A schedule factory that carries its registry name: `linearSchedule({ ... })`. */
export type ScheduleDef<O> = ((options: O) => Schedule) & {
  readonly scheduleName: string;
  readonly summary: string;
};

/**
 * Names a factory so the registry can find it among a module's exports. `keys` are the
 * options it reads: only those are kept in `schedule.options` (what a checkpoint compares),
 * so a caller may pass one options object to any schedule, e.g. `{ warmupSteps, totalSteps }`.
 */
export function defineSchedule<O extends object>(
  name: string,
  summary: string,
  keys: readonly (keyof O & string)[],
  create: (options: O) => (step: number) => number,
): ScheduleDef<O> {
  const def = (options: O): Schedule => {
    const factor = create(options);
    const given = options as Record<string, number | undefined>;
    return {
      name,
      options: Object.freeze(
        Object.fromEntries(keys.filter((k) => given[k] !== undefined).map((k) => [k, given[k]!])),
      ),
      factor(step: number) {
        if (!(Number.isInteger(step) && step >= 0))
          throw new RangeError(`${name} schedule: step must be an integer >= 0, got ${step}`);
        return factor(step);
      },
    };
  };
  return Object.assign(def, { scheduleName: name, summary });
}

/** Checks that `value` is an integer >= `min`, naming the schedule and the field. */
export function checkInteger(schedule: string, field: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min)
    throw new RangeError(
      `${schedule} schedule: ${field} must be an integer >= ${min}, got ${String(value)}`,
    );
  return value;
}

/** HF's warmup: the multiplier rises linearly from 0 at step 0 to 1 at `warmupSteps`. */
export function warmup(step: number, warmupSteps: number): number {
  return step / Math.max(1, warmupSteps);
}
