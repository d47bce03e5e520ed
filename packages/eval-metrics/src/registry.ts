/**
 * The metrics by name, built from the exports of `all-metrics.ts` — adding a metric is
 * adding a file and its export line, never editing a switch.
 *
 *   import { getMetric, metrics } from '@llm/eval-metrics';
 *   Object.keys(metrics);                                  // ['accuracy', 'bleu', …]
 *   getMetric('f1').compute(['a', 'b'], ['a', 'a'], { average: 'macro' });   // 0.333…
 */
import { type Registry, registryFromExports } from '@llm/registry';
import * as exported from './all-metrics.js';
import { type AnyMetric, MetricError } from './metric.js';

/** The metric registry of `modules`; two metrics with one name throw, naming both exports. */
export function metricRegistry(modules: Record<string, unknown> = exported): Registry<AnyMetric> {
  return registryFromExports({
    kind: 'metric',
    exports: modules,
    is: isMetric,
    // the package's own error class, so `llm eval` reports it like any metric mistake
    unknownError: (message) => new MetricError(message),
  });
}

const registry = metricRegistry();

/** Every metric, keyed by its `name` (the `llm eval --metric` word), in name order. */
export const metrics: Readonly<Record<string, AnyMetric>> = registry.entries;

/** The metric called `name`; an unknown name throws a MetricError that lists the known ones. */
export function getMetric(name: string): AnyMetric {
  return registry.get(name);
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
