/**
 * Bits per byte: Σ NLL / (ln 2 · Σ bytes) — the summed negative log-likelihood (nats) of
 * each example over the UTF-8 length of its text, so models with different tokenizers
 * compare on one scale. A reference is the text itself (its UTF-8 bytes are counted) or
 * the byte count as a number.
 *
 *   import { bitsPerByte } from '@llm/eval-metrics';
 *   bitsPerByte.compute([8 * Math.LN2], ['abcd']);        // 2: 8 bits over 4 bytes
 *   bitsPerByte.compute([Math.LN2], [1]);                 // 1
 */
import { defineMetric, describe, MetricError } from './metric.js';
import { checkCount, checkNll, parseNumber } from './perplexity.js';

const utf8 = new TextEncoder();

export const bitsPerByte = defineMetric({
  name: 'bits-per-byte',
  summary: 'Summed NLL in bits over the UTF-8 byte length of the text, ≥ 0.',
  reference: 'NLL / (ln 2 · UTF-8 bytes), as in The Pile and lm-evaluation-harness',
  optionKeys: [],
  init: (_options: Partial<Record<string, never>>) => ({ nll: 0, bytes: 0 }),
  addOne(state, nll: number, text: string | number) {
    state.nll += checkNll('bits-per-byte', nll);
    state.bytes +=
      typeof text === 'string'
        ? utf8.encode(text).length
        : checkCount('bits-per-byte', 'byte count', text);
  },
  finish(state) {
    if (state.bytes === 0) throw new MetricError('bits-per-byte: the texts hold 0 bytes');
    return state.nll / (Math.LN2 * state.bytes);
  },
  parsePrediction: parseNumber,
  parseReference(value: unknown): string | number {
    if (typeof value === 'string' || typeof value === 'number') return value;
    throw new MetricError(`expected a text or a byte count, got ${describe(value)}`);
  },
});
