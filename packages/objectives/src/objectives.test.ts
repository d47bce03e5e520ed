import { Rng } from '@llm/tensor-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { causalLm } from './causal-lm.js';
import { IGNORE_INDEX } from './language-model.js';
import { maskedLm } from './masked-lm.js';
import { packDocuments } from './pack-documents.js';
import { seq2seq } from './seq2seq.js';
import {
  corruptSpans,
  noiseCounts,
  randomSpansNoiseMask,
  spanCorruption,
  spanCorruptionLengths,
} from './span-corruption.js';

const rows = (t: { shape: readonly number[]; data: ArrayLike<number> }) => {
  const [B, T] = t.shape as [number, number];
  return Array.from({ length: B }, (_, b) => Array.from(t.data).slice(b * T, (b + 1) * T));
};

describe('causalLm', () => {
  it('pads rows, masks padding, and leaves the shift to the model (labels = inputs)', () => {
    const batch = causalLm({ padTokenId: 9 }).makeBatch(
      [Int32Array.of(1, 2, 3), Int32Array.of(4)],
      new Rng(0),
    );
    expect(rows(batch.inputIds)).toEqual([
      [1, 2, 3],
      [4, 9, 9],
    ]);
    expect(rows(batch.attentionMask)).toEqual([
      [1, 1, 1],
      [1, 0, 0],
    ]);
    expect(rows(batch.labels)).toEqual([
      [1, 2, 3],
      [4, -100, -100],
    ]);
    expect(causalLm().countTargets!(batch)).toBe(2); // positions 1..T−1 that are real: 2, 3
  });

  it('packs documents with EOS separators into full blocks', () => {
    expect(
      packDocuments([Int32Array.of(1, 2), Int32Array.of(3, 4, 5)], {
        blockSize: 3,
        eosId: 0,
        keepRemainder: true,
      }).map((r) => Array.from(r)),
    ).toEqual([[1, 2, 0], [3, 4, 5], [0]]);
    const batch = causalLm({ pack: { blockSize: 4, eosTokenId: 0 } }).makeBatch(
      [Int32Array.of(7, 7, 7), Int32Array.of(8)],
      new Rng(0),
    );
    expect(rows(batch.inputIds)).toEqual([
      [7, 7, 7, 0],
      [8, 0, 0, 0],
    ]);
    expect(rows(batch.labels)).toEqual([
      [7, 7, 7, 0],
      [8, 0, -100, -100],
    ]);
  });
});

describe('maskedLm', () => {
  const special = [0, 1, 2, 3, 4]; // pad, unk, cls, sep, mask
  const objective = maskedLm({ vocabSize: 100, maskTokenId: 4, specialTokenIds: special });

  it('selects 15 % of real tokens, then 80 / 10 / 10, within 3σ over 10⁵ tokens', () => {
    const rng = new Rng(1);
    const examples = Array.from({ length: 1000 }, () =>
      Int32Array.from([2, ...Array.from({ length: 100 }, () => 5 + rng.int(95)), 3]),
    );
    const batch = objective.makeBatch(examples, new Rng(2));
    const input = batch.inputIds.data;
    const labels = batch.labels.data;
    const n = 100_000;
    let picked = 0;
    let masked = 0;
    let unchanged = 0;
    let random = 0;
    for (let i = 0; i < input.length; i++) {
      if (labels[i] === IGNORE_INDEX) {
        expect(input[i]).toBe(examples[Math.floor(i / 102)]![i % 102]); // untouched
        continue;
      }
      picked++;
      expect(special).not.toContain(labels[i]); // special tokens are never picked
      if (input[i] === 4) masked++;
      else if (input[i] === labels[i]) unchanged++;
      else {
        random++;
        expect(special).not.toContain(input[i]); // random replacements are never special
      }
    }
    const sd = (p: number, m: number) => 3 * Math.sqrt((p * (1 - p)) / m);
    expect(Math.abs(picked / n - 0.15)).toBeLessThan(sd(0.15, n));
    expect(Math.abs(masked / picked - 0.8)).toBeLessThan(sd(0.8, picked));
    // "unchanged" also catches the 1/95 of random draws that hit the same token
    expect(Math.abs(unchanged / picked - (0.1 + 0.1 / 95))).toBeLessThan(sd(0.1, picked));
    expect(Math.abs(random / picked - (0.1 - 0.1 / 95))).toBeLessThan(sd(0.1, picked));
  });

  it('never picks padding, and the same seed gives the same batch', () => {
    const examples = [Int32Array.of(2, 10, 11, 12, 3), Int32Array.of(2, 13, 3)];
    const a = objective.makeBatch(examples, new Rng(5));
    const b = objective.makeBatch(examples, new Rng(5));
    expect(Array.from(a.inputIds.data)).toEqual(Array.from(b.inputIds.data));
    expect(Array.from(a.labels.data)).toEqual(Array.from(b.labels.data));
    const many = objective.makeBatch(
      Array.from({ length: 200 }, () => Int32Array.of(2, 10, 3)),
      new Rng(6),
    );
    rows(many.labels).forEach((r) => {
      expect(r[0]).toBe(IGNORE_INDEX);
      expect(r[2]).toBe(IGNORE_INDEX);
    });
    const padded = rows(a.labels)[1]!;
    expect(padded.slice(3)).toEqual([IGNORE_INDEX, IGNORE_INDEX]);
  });

  it('whole-word masking keeps ## pieces with their word', () => {
    const continuation = new Set([50, 51]); // "##" pieces
    const wwm = maskedLm({
      vocabSize: 100,
      maskTokenId: 4,
      specialTokenIds: special,
      probability: 0.5,
      wholeWord: { isContinuation: (id) => continuation.has(id) },
    });
    const row = Int32Array.of(2, 10, 50, 51, 11, 12, 50, 3); // words: [10 50 51] [11] [12 50]
    for (let seed = 0; seed < 50; seed++) {
      const labels = Array.from(wwm.makeBatch([row], new Rng(seed)).labels.data);
      const picked = labels.map((l) => l !== IGNORE_INDEX);
      expect(picked[1]).toBe(picked[2]);
      expect(picked[2]).toBe(picked[3]);
      expect(picked[5]).toBe(picked[6]);
    }
  });
});

describe('seq2seq', () => {
  it('teacher forcing: decoder inputs are the labels shifted right from the start token', () => {
    const batch = seq2seq({ padTokenId: 0, decoderStartTokenId: 0 }).makeBatch(
      [
        { input: [5, 6, 1], target: [7, 8, 1] },
        { input: [9, 1], target: [3, 1] },
      ],
      new Rng(0),
    );
    expect(rows(batch.inputIds)).toEqual([
      [5, 6, 1],
      [9, 1, 0],
    ]);
    expect(rows(batch.attentionMask)).toEqual([
      [1, 1, 1],
      [1, 1, 0],
    ]);
    expect(rows(batch.labels)).toEqual([
      [7, 8, 1],
      [3, 1, -100],
    ]);
    expect(rows(batch.decoderInputIds)).toEqual([
      [0, 7, 8],
      [0, 3, 1],
    ]);
  });
});

describe('span corruption', () => {
  it('lengths follow the formula: inputs n − noise + spans + 1, targets noise + spans + 1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 600 }), fc.integer(), (length, seed) => {
        const tokens = Int32Array.from({ length }, (_, i) => 10 + (i % 50));
        const noise = randomSpansNoiseMask(length, new Rng(seed));
        const { noiseTokens, noiseSpans } = noiseCounts(length);
        expect(noise.filter(Boolean).length).toBe(noiseTokens);
        expect(noise[0]).toBe(false); // spans start with non-noise
        const { input, target } = corruptSpans(tokens, noise, 100, 1);
        const { inputLength, targetLength } = spanCorruptionLengths(length);
        expect(input.length).toBe(inputLength);
        expect(target.length).toBe(targetLength);
        expect(input.filter((t) => t >= 100 - noiseSpans).length).toBe(noiseSpans);
      }),
    );
  });

  it('interleaving inputs with targets at the sentinels rebuilds the original', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 300 }), fc.integer(), (length, seed) => {
        const V = 1000;
        const tokens = Int32Array.from({ length }, (_, i) => 2 + ((i * 7) % 700)); // below the sentinels
        const { input, target } = corruptSpans(
          tokens,
          randomSpansNoiseMask(length, new Rng(seed)),
          V,
          1,
        );
        // each sentinel in the input is followed, in the target, by the span it replaced
        const spans = new Map<number, number[]>();
        let current = -1;
        for (const t of target.slice(0, -1)) {
          if (t >= V - 100) {
            current = t;
            spans.set(t, []);
          } else spans.get(current)!.push(t);
        }
        const rebuilt = input.slice(0, -1).flatMap((t) => (t >= V - 100 ? spans.get(t)! : [t]));
        expect(rebuilt).toEqual(Array.from(tokens));
        expect([...spans.keys()]).toEqual(Array.from({ length: spans.size }, (_, i) => V - 1 - i)); // counting down
      }),
    );
  });

  it('mean noise density and span length are as configured, over many sequences', () => {
    const rng = new Rng(3);
    let noise = 0;
    let spans = 0;
    const total = 200 * 500;
    for (let i = 0; i < 200; i++) {
      const mask = randomSpansNoiseMask(500, rng);
      noise += mask.filter(Boolean).length;
      spans += mask.filter((m, j) => m && !mask[j - 1]).length;
    }
    expect(noise / total).toBeCloseTo(0.15, 3);
    expect(noise / spans).toBeCloseTo(3, 1);
  });

  it('makes a seq2seq batch', () => {
    const objective = spanCorruption({ vocabSize: 100, eosTokenId: 1 });
    const batch = objective.makeBatch(
      [Int32Array.from({ length: 20 }, (_, i) => i + 5)],
      new Rng(4),
    );
    expect(batch.inputIds.shape).toEqual([1, spanCorruptionLengths(20).inputLength]);
    expect(batch.labels.shape).toEqual([1, spanCorruptionLengths(20).targetLength]);
    expect(batch.decoderInputIds.data[0]).toBe(0);
  });
});

describe('errors', () => {
  it('names the objective and the problem', () => {
    expect(() => causalLm().makeBatch([], new Rng(0))).toThrow('makeBatch: no examples');
    expect(() =>
      causalLm({ pack: { blockSize: 1, eosTokenId: 0 } }).makeBatch([Int32Array.of(1)], new Rng(0)),
    ).toThrow(/blockSize must be an integer ≥ 2/);
    expect(() => maskedLm({ vocabSize: 5, maskTokenId: 4, specialTokenIds: [0, 1, 2, 3] })).toThrow(
      /every token is special/,
    );
    const model = { forward: () => ({}) };
    const batch = causalLm().makeBatch([Int32Array.of(1, 2)], new Rng(0));
    expect(() => causalLm().loss(model, batch)).toThrow(
      'causal-lm: the model returned no loss for a batch with labels',
    );
  });
});
