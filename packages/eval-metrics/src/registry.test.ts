import { DuplicateNameError } from '@llm/registry';
import { describe, expect, it } from 'vitest';
import { accuracy, f1 } from './all-metrics.js';
import { MetricError } from './metric.js';
import { getMetric, metricRegistry, metrics } from './registry.js';

describe('metric registry', () => {
  it('holds the exported metrics in name order', () => {
    const names = Object.keys(metrics);
    expect(names).toEqual([...names].sort());
    expect(metrics.accuracy).toBe(accuracy);
  });

  it('an unknown name is a MetricError listing the metrics on one line', () => {
    expect(() => getMetric('f2')).toThrow(MetricError);
    expect(() => getMetric('f2')).toThrow(`(available: ${Object.keys(metrics).join(', ')})`);
  });

  it('refuses two exports with one name, naming both', () => {
    const f1Again = { ...f1 };
    expect(() => metricRegistry({ accuracy, f1, f1Again })).toThrow(DuplicateNameError);
    expect(() => metricRegistry({ accuracy, f1, f1Again })).toThrow(
      "two metrics are named 'f1': exports 'f1' and 'f1Again'",
    );
  });
});
