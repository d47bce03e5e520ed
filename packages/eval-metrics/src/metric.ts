/**
 * What a metric is: a named factory of streaming accumulators, plus a one-shot helper.
 *
 *   import { f1 } from '@llm/eval-metrics';
 *   const acc = f1.create({ average: 'macro' });
 *   acc.add([0, 1, 2], [0, 2, 2]).add([1], [1]);
 *   acc.compute();                                       // same as the one-shot below
 *   f1.compute([0, 1, 2, 1], [0, 2, 2, 1], { average: 'macro' });
 *
 * Every metric lives in one file that exports one `Metric` made by `defineMetric`; the
 * registry (`metrics`) is built from those exports, so adding a metric is adding a file.
 *
 * Conventions shared by all metrics:
 * - `add(predictions, references)` takes one batch; the two arrays must have the same
 *   length, or it throws a `MetricError` naming both lengths.
 * - `compute()` with no examples added throws a `MetricError` ("no examples") — an
 *   empty evaluation set is a bug upstream, never a silent 0 or NaN. Ill-defined values
 *   inside a non-empty set (a class never predicted, an empty hypothesis) follow the
 *   reference implementation named in `reference`.
 * - `compute()` does not reset: more batches may be added and `compute()` called again.
 */

/** A bad argument: mismatched lengths, no examples, an unknown option or a malformed value. */
export class MetricError extends Error {
  override readonly name: string = 'MetricError';
}

/** Accumulates batches of (prediction, reference) pairs; `compute()` gives the metric so far. */
export interface Accumulator<P, R, V> {
  add(predictions: readonly P[], references: readonly R[]): this;
  compute(): V;
  /** How many examples have been added. */
  readonly count: number;
}

export interface Metric<P = never, R = never, O = never, V = unknown> {
  /** The registry key and `llm eval --metric` name, kebab-case. */
  readonly name: string;
  /** One line: what it measures and the range of its value. */
  readonly summary: string;
  /** The implementation it matches, e.g. `scikit-learn f1_score`. */
  readonly reference: string;
  /** A fresh accumulator. Options are validated here: an unknown key or value throws. */
  create(options?: Partial<O>): Accumulator<P, R, V>;
  /** One-shot: `create(options).add(predictions, references).compute()`. */
  compute(predictions: readonly P[], references: readonly R[], options?: Partial<O>): V;
  /** One raw input value (a line of text, or a parsed JSON value) → a prediction. Throws MetricError. */
  parsePrediction(value: unknown): P;
  /** One raw input value → a reference (a list of strings where several references are allowed). */
  parseReference(value: unknown): R;
}

/** A metric with its types erased: what the registry and the CLI hold. */
// biome-ignore lint/suspicious/noExplicitAny: the registry holds metrics of every type
export type AnyMetric = Metric<any, any, any, unknown>;

export interface MetricSpec<P, R, O, S, V> {
  readonly name: string;
  readonly summary: string;
  readonly reference: string;
  /** The option keys `create` accepts, for the "unknown option" check. */
  readonly optionKeys: readonly string[];
  /** Validates options and returns the accumulator's initial state. */
  init(options: Partial<O>): S;
  /** Folds one example into the state. */
  addOne(state: S, prediction: P, reference: R): void;
  /** The metric from the state; never called with zero examples. */
  finish(state: S): V;
  parsePrediction(value: unknown): P;
  parseReference(value: unknown): R;
}

/** Builds a `Metric` from a per-example fold: the streaming and one-shot paths share it. */
export function defineMetric<P, R, O, S, V>(spec: MetricSpec<P, R, O, S, V>): Metric<P, R, O, V> {
  const create = (options?: Partial<O>): Accumulator<P, R, V> => {
    checkOptionKeys(spec.name, options, spec.optionKeys);
    const state = spec.init(options ?? {});
    let count = 0;
    const accumulator: Accumulator<P, R, V> = {
      add(predictions, references) {
        checkSameLength(spec.name, predictions, references);
        for (let i = 0; i < predictions.length; i++) {
          spec.addOne(state, predictions[i]!, references[i]!);
        }
        count += predictions.length;
        return this;
      },
      compute() {
        if (count === 0) {
          throw new MetricError(`${spec.name}: no examples (add at least one prediction)`);
        }
        return spec.finish(state);
      },
      get count() {
        return count;
      },
    };
    return accumulator;
  };
  return {
    name: spec.name,
    summary: spec.summary,
    reference: spec.reference,
    create,
    compute: (predictions, references, options) =>
      create(options).add(predictions, references).compute(),
    parsePrediction: spec.parsePrediction,
    parseReference: spec.parseReference,
  };
}

export function checkSameLength(name: string, predictions: unknown, references: unknown): void {
  if (!Array.isArray(predictions) || !Array.isArray(references)) {
    throw new MetricError(`${name}: predictions and references must be arrays`);
  }
  if (predictions.length !== references.length) {
    throw new MetricError(
      `${name}: ${predictions.length} predictions but ${references.length} references (they must pair up)`,
    );
  }
}

function checkOptionKeys(name: string, options: unknown, known: readonly string[]): void {
  if (options === undefined || options === null) return;
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new MetricError(`${name}: options must be an object`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      const list = known.length ? known.join(', ') : 'none';
      throw new MetricError(`${name}: unknown option '${key}' (known: ${list})`);
    }
  }
}

/** Checks an option against its allowed values; `undefined` gives the default. */
export function oneOf<T>(
  name: string,
  option: string,
  value: unknown,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (allowed.includes(value as T)) return value as T;
  const list = allowed.map((a) => JSON.stringify(a)).join(', ');
  throw new MetricError(
    `${name}: option '${option}' must be one of ${list}, got ${JSON.stringify(value)}`,
  );
}

export function positiveInteger(
  name: string,
  option: string,
  value: unknown,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  throw new MetricError(
    `${name}: option '${option}' must be a positive integer, got ${JSON.stringify(value)}`,
  );
}

export function booleanOption(
  name: string,
  option: string,
  value: unknown,
  fallback: boolean,
): boolean {
  if (value === undefined) return fallback;
  if (typeof value === 'boolean') return value;
  throw new MetricError(
    `${name}: option '${option}' must be true or false, got ${JSON.stringify(value)}`,
  );
}

/** A string (a text line or JSON string); anything else is a MetricError. */
export function parseString(value: unknown): string {
  if (typeof value === 'string') return value;
  throw new MetricError(`expected a string, got ${describe(value)}`);
}

/** One reference or several: a string, or a non-empty list of strings. */
export function parseStrings(value: unknown): string | string[] {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) {
    return value as string[];
  }
  throw new MetricError(`expected a string or a non-empty list of strings, got ${describe(value)}`);
}

export function describe(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
