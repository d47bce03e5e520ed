/**
 * T5's span corruption: about 15 % of the tokens, in spans of mean length 3, are cut out;
 * each span is replaced in the input by one sentinel (<extra_id_0>, <extra_id_1>, … — the
 * ids counting down from the top of the vocabulary), and the target lists each sentinel
 * followed by the span it hides. Both end with EOS. As the T5 paper and HF's
 * `random_spans_noise_mask` (including NumPy's round-half-to-even).
 *
 *   const objective = spanCorruption({ vocabSize: 32128, eosTokenId: 1 });
 *   // "Thank you for inviting me to your party last week ."
 *   // input:  Thank you <X> me to your party <Y> week . </s>
 *   // target: <X> for inviting <Y> last </s>
 *   const loss = objective.loss(t5, objective.makeBatch(documents, rng));
 */
import type { Rng } from '@llm/tensor-core';
import { IGNORE_INDEX, type LanguageModel, modelLoss } from './language-model.js';
import type { Objective } from './objective.js';
import { countTargets } from './pad.js';
import { type Seq2SeqBatch, seq2seqBatch } from './seq2seq.js';

export interface SpanCorruptionOptions {
  /** Sentinel i is vocabSize − 1 − i (HF's <extra_id_i>). */
  readonly vocabSize: number;
  readonly eosTokenId: number;
  readonly padTokenId?: number;
  readonly decoderStartTokenId?: number;
  readonly noiseDensity?: number;
  readonly meanNoiseSpanLength?: number;
}

/** NumPy's np.round: halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** How many tokens and spans are noise for a sequence of `length` (deterministic). */
export function noiseCounts(length: number, noiseDensity = 0.15, meanNoiseSpanLength = 3) {
  let noiseTokens = roundHalfEven(length * noiseDensity);
  noiseTokens = Math.min(Math.max(noiseTokens, 1), length - 1); // at least one of each kind
  const noiseSpans = Math.max(roundHalfEven(noiseTokens / meanNoiseSpanLength), 1);
  return { noiseTokens, nonNoiseTokens: length - noiseTokens, noiseSpans };
}

/** Input and target lengths after corruption (sentinels and EOS included). */
export function spanCorruptionLengths(
  length: number,
  noiseDensity = 0.15,
  meanNoiseSpanLength = 3,
) {
  const { noiseTokens, nonNoiseTokens, noiseSpans } = noiseCounts(
    length,
    noiseDensity,
    meanNoiseSpanLength,
  );
  return {
    inputLength: nonNoiseTokens + noiseSpans + 1,
    targetLength: noiseTokens + noiseSpans + 1,
  };
}

/** true where a token is noise: spans alternate non-noise, noise, …, starting with non-noise. */
export function randomSpansNoiseMask(
  length: number,
  rng: Rng,
  noiseDensity = 0.15,
  meanNoiseSpanLength = 3,
): boolean[] {
  if (length < 2)
    throw new RangeError(`span-corruption: a sequence needs ≥ 2 tokens, got ${length}`);
  const { noiseTokens, nonNoiseTokens, noiseSpans } = noiseCounts(
    length,
    noiseDensity,
    meanNoiseSpanLength,
  );
  const noise = segment(noiseTokens, noiseSpans, rng);
  const kept = segment(nonNoiseTokens, noiseSpans, rng);
  const mask: boolean[] = [];
  for (let s = 0; s < noiseSpans; s++) {
    for (let i = 0; i < kept[s]!; i++) mask.push(false);
    for (let i = 0; i < noise[s]!; i++) mask.push(true);
  }
  return mask;
}

/** Splits `items` into `segments` non-empty parts at random (HF's _random_segmentation). */
function segment(items: number, segments: number, rng: Rng): number[] {
  const firstInSegment = Array.from({ length: items - 1 }, (_, i) => i < segments - 1);
  rng.shuffle(firstInSegment);
  const lengths = new Array<number>(segments).fill(0);
  let s = 0;
  lengths[0] = 1;
  for (const starts of firstInSegment) {
    if (starts) s++;
    lengths[s]!++;
  }
  return lengths;
}

/** One sequence → its corrupted input and target (each ending with EOS). */
export function corruptSpans(
  tokens: ArrayLike<number>,
  noise: readonly boolean[],
  vocabSize: number,
  eosTokenId: number,
): { input: number[]; target: number[] } {
  const input: number[] = [];
  const target: number[] = [];
  let sentinel = vocabSize - 1;
  for (let i = 0; i < tokens.length; i++) {
    const startsSpan = noise[i] && (i === 0 || !noise[i - 1]);
    if (noise[i]) {
      if (startsSpan) {
        input.push(sentinel);
        target.push(sentinel);
        sentinel--;
      }
      target.push(tokens[i]!);
    } else {
      input.push(tokens[i]!);
    }
  }
  input.push(eosTokenId);
  target.push(eosTokenId);
  return { input, target };
}

export function spanCorruption(
  options: SpanCorruptionOptions,
): Objective<LanguageModel, Seq2SeqBatch> {
  const { vocabSize, eosTokenId, noiseDensity = 0.15, meanNoiseSpanLength = 3 } = options;
  const pad = options.padTokenId ?? 0;
  const start = options.decoderStartTokenId ?? pad;
  return {
    name: 'span-corruption',
    makeBatch(examples, rng) {
      const pairs = examples.map((tokens) => {
        const noise = randomSpansNoiseMask(tokens.length, rng, noiseDensity, meanNoiseSpanLength);
        return corruptSpans(tokens, noise, vocabSize, eosTokenId);
      });
      return seq2seqBatch(pairs, pad, start);
    },
    loss: (model, batch) => modelLoss(model, batch, 'span-corruption'),
    countTargets: (batch) => countTargets(batch.labels, IGNORE_INDEX),
  };
}
