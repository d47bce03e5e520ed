import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getSchedule, schedules } from '../schedule-registry.js';
import * as exported from './index.js';

// The lr factor of each update under HF's get_*_schedule_with_warmup lambdas, driven by
// torch's LambdaLR (test/fixtures/make-schedule-vectors.py)
const vectors = JSON.parse(
  readFileSync(new URL('../../test/fixtures/schedule-vectors.json', import.meta.url), 'utf8'),
) as { cases: { name: string; options: Record<string, number>; factors: number[] }[] };

describe('LR schedules against HF get_*_schedule_with_warmup through torch LambdaLR', () => {
  for (const c of vectors.cases) {
    it(`${c.name} ${JSON.stringify(c.options)}`, () => {
      const schedule = getSchedule(c.name)(c.options);
      const ours = c.factors.map((_, step) => schedule.factor(step));
      ours.forEach((f, step) => {
        expect(f, `step ${step}`).toBeCloseTo(c.factors[step]!, 12);
      });
    });
  }

  it('checks a few points by hand', () => {
    const lin = exported.linearSchedule({ warmupSteps: 10, totalSteps: 110 });
    expect([0, 5, 10, 60, 110, 200].map((s) => lin.factor(s))).toEqual([0, 0.5, 1, 0.5, 0, 0]);
    const cos = exported.cosineSchedule({ warmupSteps: 100, totalSteps: 1100, minLrRatio: 0.1 });
    expect(cos.factor(600)).toBeCloseTo(0.55, 12);
    expect(cos.factor(1100)).toBeCloseTo(0.1, 12);
    expect(cos.factor(5000)).toBeGreaterThanOrEqual(0.1 - 1e-12);
    expect(exported.inverseSqrtSchedule({ warmupSteps: 100 }).factor(400)).toBeCloseTo(0.5, 12);
    expect(exported.constantSchedule({ warmupSteps: 10 }).factor(5)).toBe(0.5);
  });

  it('refuses bad options and steps with a message naming the field', () => {
    expect(() => exported.linearSchedule({ totalSteps: 0 })).toThrow(
      'linear schedule: totalSteps must be an integer >= 1, got 0',
    );
    expect(() => exported.cosineSchedule({ totalSteps: 10, warmupSteps: 1.5 })).toThrow(
      /warmupSteps/,
    );
    expect(() => exported.cosineSchedule({ totalSteps: 10, minLrRatio: 2 })).toThrow(/minLrRatio/);
    expect(() => exported.constantSchedule({}).factor(-1)).toThrow(/step must be an integer >= 0/);
  });

  it('keeps its options for checkpoints', () => {
    const s = exported.cosineSchedule({ warmupSteps: 2, totalSteps: 9 });
    expect(s.name).toBe('cosine');
    expect(s.options).toEqual({ warmupSteps: 2, totalSteps: 9 });
    // options a schedule does not read are not part of it (one options object fits all)
    const constant = exported.constantSchedule({ warmupSteps: 1, totalSteps: 50 } as {
      warmupSteps: number;
    });
    expect(constant.options).toEqual({ warmupSteps: 1 });
  });
});

describe('schedule registry', () => {
  it('lists every schedule by name', () => {
    expect(Object.keys(schedules)).toEqual(['constant', 'cosine', 'inverse-sqrt', 'linear']);
    expect(() => getSchedule('step')).toThrow(
      "unknown schedule 'step' (available: constant, cosine, inverse-sqrt, linear)",
    );
  });

  it('exports every schedule file from schedules/index.ts', () => {
    const files = readdirSync(new URL('./', import.meta.url)).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts',
    );
    const source = readFileSync(new URL('./index.ts', import.meta.url), 'utf8');
    for (const file of files)
      expect(source, `${file} is not exported`).toContain(`'./${file.replace(/\.ts$/, '.js')}'`);
    expect(Object.keys(schedules)).toHaveLength(files.length);
  });
});
