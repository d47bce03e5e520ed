import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as api from './index.js';
import { isMetric } from './registry.js';

describe('@llm/eval-metrics public API', () => {
  it('exports the registry, the helpers and every metric', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'LabelCounts',
        'MetricError',
        'defineMetric',
        'getMetric',
        'metrics',
        ...Object.values(api.metrics).map((m) => exportName(m)),
      ].sort(),
    );
  });

  it('registers every metric defined in a file of src/ under its name (extend by adding a file)', async () => {
    const dir = new URL('./', import.meta.url);
    const barrels = ['index.ts', 'all-metrics.ts']; // they re-export, they define nothing
    const files = readdirSync(dir).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !barrels.includes(f),
    );
    const defined: string[] = [];
    for (const file of files) {
      const module = (await import(new URL(file, dir).href)) as Record<string, unknown>;
      for (const [exportedAs, value] of Object.entries(module)) {
        if (!isMetric(value)) continue;
        defined.push(value.name);
        // the file is named after its export, and the registry holds that very object
        expect(file, `${exportedAs} lives in ${file}`).toBe(`${value.name}.ts`);
        expect(api.metrics[value.name], `${file} is not exported from all-metrics.ts`).toBe(value);
      }
    }
    expect(defined.sort()).toEqual(Object.keys(api.metrics).sort());
  });

  it('looks metrics up by name, and lists the available ones for an unknown name', () => {
    expect(api.getMetric('f1')).toBe(api.f1);
    expect(() => api.getMetric('f2')).toThrow(/unknown metric 'f2' \(available: accuracy, .*f1/);
    expect(() => api.getMetric('toString')).toThrow(/unknown metric/);
  });

  it('gives every metric a summary and the implementation it matches', () => {
    for (const metric of Object.values(api.metrics)) {
      expect(metric.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(metric.summary.length).toBeGreaterThan(10);
      expect(metric.reference.length).toBeGreaterThan(3);
    }
  });
});

/** 'confusion-matrix' → 'confusionMatrix': the export a metric's file is named after. */
function exportName(metric: api.AnyMetric): string {
  return metric.name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
