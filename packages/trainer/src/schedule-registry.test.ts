import { DuplicateNameError } from '@llm/registry';
import { describe, expect, it } from 'vitest';
import { defineSchedule } from './schedule.js';
import { getSchedule, scheduleRegistry, schedules } from './schedule-registry.js';
import { constantSchedule, cosineSchedule } from './schedules/index.js';

describe('schedule registry', () => {
  it('is keyed by scheduleName, not the function name', () => {
    expect(Object.keys(schedules)).toEqual(['constant', 'cosine', 'inverse-sqrt', 'linear']);
    expect(getSchedule('cosine')).toBe(cosineSchedule);
  });

  it('refuses two exports with one name, naming both', () => {
    const another = defineSchedule('constant', 'another constant', [], () => () => 1);
    expect(() => scheduleRegistry({ constantSchedule, another })).toThrow(DuplicateNameError);
    expect(() => scheduleRegistry({ constantSchedule, another })).toThrow(
      "two schedules are named 'constant': exports 'constantSchedule' and 'another'",
    );
  });
});
