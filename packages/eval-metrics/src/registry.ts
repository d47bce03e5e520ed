/**
 * The metrics by name, built from the exports of `all-metrics.ts` — adding a metric is
 * adding a file and its export line, never editing a switch.
 *
 *   import { getMetric, metrics } from '@llm/eval-metrics';
 *   Object.keys(metrics);                                  // ['accuracy', 'bleu', …]
 *   getMetric('f1').compute(['a', 'b'], ['a', 'a'], { average: 'macro' });   // 0.333…
 */
import * as exported from './all-metrics.js';
import { type AnyMetric, MetricError } from './metric.js';

/** Every metric, keyed by its `name` (the `llm eval --metric` word), in name order. */
export const metrics: Readonly<Record<string, AnyMetric>> = buildRegistry(exported);

export function buildRegistry(modules: Record<string, unknown>): Record<string, AnyMetric> {
  const found = Object.values(modules).filter(isMetric);
  const table: Record<string, AnyMetric> = {};
  for (const metric of found.sort((a, b) => a.name.localeCompare(b.name))) {
    // Two files claiming one name would make lookup depend on export order.
    if (table[metric.name]) throw new Error(`two metrics are named '${metric.name}'`);
    table[metric.name] = metric;
  }
  return Object.freeze(table);
}

/** The metric called `name`; an unknown name throws a MetricError that lists the known ones. */
export function getMetric(name: string): AnyMetric {
  const metric = Object.hasOwn(metrics, name) ? metrics[name] : undefined;
  if (metric) return metric;
  throw new MetricError(`unknown metric '${name}' (available: ${Object.keys(metrics).join(', ')})`);
}

export function isMetric(value: unknown): value is AnyMetric {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Partial<AnyMetric>;
  return (
    typeof m.name === 'string' &&
    typeof m.create === 'function' &&
    typeof m.compute === 'function' &&
    typeof m.parsePrediction === 'function'
  );
}
