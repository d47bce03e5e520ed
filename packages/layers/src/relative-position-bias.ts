/**
 * T5's relative position bias: each (query, key) distance falls into one of `numBuckets`
 * buckets — exact for small distances, logarithmic up to `maxDistance`, and (for the
 * bidirectional encoder) separate halves for keys before and after the query — and each
 * bucket has one learned scalar per head, added to the attention scores.
 *
 *   const bias = new RelativePositionBias({ numBuckets: 32, maxDistance: 128, numHeads: 8, bidirectional: true });
 *   bias.forward(T, S);                 // [1, H, T, S]
 *   bias.forward(1, S, S - 1);          // one new decoder query at position S − 1 (KV cache)
 */
import { type Rng, type Tensor, tensor } from '@llm/tensor-core';
import { Embedding } from './embedding.js';
import { Module } from './module.js';

/**
 * HF's `_relative_position_bucket`, reproducing its float32 arithmetic (the logarithmic
 * buckets are computed in float32 and truncated, so float64 would move a few boundaries).
 */
export function relativePositionBucket(
  relativePosition: number, // key position − query position
  bidirectional: boolean,
  numBuckets: number,
  maxDistance: number,
): number {
  let buckets = 0;
  let n = numBuckets;
  let rel = relativePosition;
  if (bidirectional) {
    n = Math.floor(n / 2);
    if (rel > 0) buckets += n;
    rel = Math.abs(rel);
  } else {
    rel = -Math.min(rel, 0);
  }
  const maxExact = Math.floor(n / 2);
  if (rel < maxExact) return buckets + rel;
  const f = Math.fround;
  const logRatio = f(Math.log(f(f(rel) / maxExact)));
  const scaled = f(f(logRatio / f(Math.log(maxDistance / maxExact))) * (n - maxExact));
  const large = Math.min(maxExact + Math.trunc(scaled), n - 1);
  return buckets + large;
}

export interface RelativePositionBiasConfig {
  readonly numBuckets: number;
  readonly maxDistance: number;
  readonly numHeads: number;
  readonly bidirectional: boolean;
  readonly std?: number;
  readonly rng?: Rng;
}

export class RelativePositionBias extends Module {
  /** HF name: relative_attention_bias, an Embedding(numBuckets, numHeads). */
  readonly embedding: Embedding;

  constructor(readonly config: RelativePositionBiasConfig) {
    super();
    this.embedding = this.registerModule(
      'relative_attention_bias',
      new Embedding(config.numBuckets, config.numHeads, { std: config.std ?? 1, rng: config.rng }),
    );
  }

  /** The bias for T queries starting at position `offset` against S keys: [1, H, T, S]. */
  forward(T: number, S: number, offset = 0): Tensor {
    const { numBuckets, maxDistance, bidirectional } = this.config;
    const ids = new Int32Array(T * S);
    for (let i = 0; i < T; i++) {
      for (let j = 0; j < S; j++)
        ids[i * S + j] = relativePositionBucket(
          j - (i + offset),
          bidirectional,
          numBuckets,
          maxDistance,
        );
    }
    const values = this.embedding.forward(tensor(ids, [T, S])); // [T, S, H]
    return values.permute(2, 0, 1).unsqueeze(0); // [1, H, T, S]
  }
}
