/**
 * Perplexity exp(Σ NLL / Σ tokens) from each example's summed negative log-likelihood
 * (natural log, nats) and its token count — the corpus-level perplexity, every token
 * weighted equally (not a mean of per-example perplexities).
 *
 *   import { perplexity } from '@llm/eval-metrics';
 *   perplexity.compute([2 * Math.log(4)], [2]);          // 4: two tokens, each p = 1/4
 *   perplexity.create().add([3.2], [4]).add([1.1], [1]).compute();   // exp(4.3 / 5)
 *
 * Running a model over a dataset to get these sums belongs to the trainer / models
 * packages; this file only turns the sums into the number.
 */
import { defineMetric, describe, MetricError } from './metric.js';

export const perplexity = defineMetric({
  name: 'perplexity',
  summary: 'exp(summed NLL in nats / token count) over the corpus, ≥ 1.',
  reference: 'exp of the token-weighted mean cross-entropy (as torch / Hugging Face report it)',
  optionKeys: [],
  init: (_options: Partial<Record<string, never>>) => ({ nll: 0, tokens: 0 }),
  addOne(state, nll: number, tokens: number) {
    state.nll += checkNll('perplexity', nll);
    state.tokens += checkCount('perplexity', 'token count', tokens);
  },
  finish(state) {
    if (state.tokens === 0) throw new MetricError('perplexity: the token counts sum to 0');
    return Math.exp(state.nll / state.tokens);
  },
  parsePrediction: parseNumber,
  parseReference: parseNumber,
});

/** A summed negative log-likelihood: finite and ≥ 0. */
export function checkNll(name: string, nll: number): number {
  if (typeof nll !== 'number' || !Number.isFinite(nll) || nll < 0) {
    throw new MetricError(
      `${name}: a negative log-likelihood must be a finite number ≥ 0, got ${describe(nll)}`,
    );
  }
  return nll;
}

export function checkCount(name: string, what: string, n: number): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new MetricError(`${name}: a ${what} must be an integer ≥ 0, got ${describe(n)}`);
  }
  return n;
}

/** A number, or a text line holding one. */
export function parseNumber(value: unknown): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n === 'number' && Number.isFinite(n)) return n;
  throw new MetricError(`expected a number, got ${describe(value)}`);
}
