import { noGrad, Rng, randn, type Tensor, tensor } from '@llm/tensor-core';
import { describe, expect, it } from 'vitest';
import { PostLNDecoderBlock, PreLNDecoderBlock } from './decoder-block.js';
import { PostLNEncoderBlock, PreLNEncoderBlock } from './encoder-block.js';
import { FeedForward } from './feed-forward.js';
import { KVCache, MultiHeadAttention } from './multi-head-attention.js';
import { LearnedPositionalEmbedding, sinusoidalPositions } from './positional.js';
import { relativePositionBucket } from './relative-position-bias.js';
import { Transformer } from './transformer.js';

const maxDiff = (a: Tensor, b: Tensor) =>
  Math.max(...Array.from(a.data, (v, i) => Math.abs(v - b.data[i]!)));

describe('MultiHeadAttention', () => {
  it('decoding one position at a time with a KV cache equals the full causal pass', () => {
    const rng = new Rng(1);
    const mha = new MultiHeadAttention({ embedDim: 16, numHeads: 4, rng });
    const x = randn([2, 5, 16], { rng });
    const full = noGrad(() => mha.forward(x, { causal: true }));
    const cache = new KVCache();
    const steps = noGrad(() =>
      [0, 1, 2, 3, 4].map((t) => mha.forward(x.slice(1, t, t + 1), { causal: true, cache })),
    );
    expect(cache.length).toBe(5);
    steps.forEach((y, t) => {
      expect(maxDiff(y, full.slice(1, t, t + 1))).toBeLessThan(1e-5);
    });
  });

  it('cross-attention reads keys from the memory, and hides padded memory', () => {
    const rng = new Rng(2);
    const mha = new MultiHeadAttention({ embedDim: 8, numHeads: 2, rng });
    const y = randn([1, 3, 8], { rng });
    const memory = randn([1, 4, 8], { rng });
    const masked = noGrad(() =>
      mha.forward(y, { kv: memory, keyPaddingMask: tensor([[1, 1, 0, 0]], { dtype: 'int32' }) }),
    );
    const truncated = noGrad(() => mha.forward(y, { kv: memory.slice(1, 0, 2) }));
    expect(maxDiff(masked, truncated)).toBeLessThan(1e-6);
  });
});

describe('positions and feed-forward', () => {
  it('sinusoids follow sin(p / 10000^(2i/C)), cos(…)', () => {
    const pe = sinusoidalPositions(3, 4);
    expect(pe.shape).toEqual([3, 4]);
    expect(pe.data[4]).toBeCloseTo(Math.sin(1), 6); // p = 1, i = 0
    expect(pe.data[5]).toBeCloseTo(Math.cos(1), 6);
    expect(pe.data[2 * 4 + 2]).toBeCloseTo(Math.sin(2 / 100), 6); // p = 2, i = 2: 10000^(2/4) = 100
  });

  it('learned positions refuse to run past their table', () => {
    const pos = new LearnedPositionalEmbedding(4, 2);
    expect(pos.forward(2, 2).shape).toEqual([2, 2]);
    expect(() => pos.forward(2, 3)).toThrow(/position 4 is past the table of 4/);
  });

  it('gated GELU multiplies by its gate', () => {
    const ff = new FeedForward({
      embedDim: 4,
      hiddenDim: 6,
      activation: 'gated-gelu',
      rng: new Rng(3),
    });
    const x = randn([1, 2, 4], { rng: new Rng(4) });
    const manual = ff.fc1.forward(x).gelu('tanh').mul(ff.gate!.forward(x));
    expect(maxDiff(ff.forward(x), ff.fc2.forward(manual))).toBeLessThan(1e-6);
  });

  it('T5 buckets: exact near, logarithmic far, halves for the direction', () => {
    expect([-1, 0, 1, 2].map((d) => relativePositionBucket(d, true, 32, 128))).toEqual([
      1, 0, 17, 18,
    ]);
    expect(relativePositionBucket(5, false, 32, 128)).toBe(0); // the decoder never looks ahead
    expect(relativePositionBucket(-500, false, 32, 128)).toBe(31); // clamped to the last bucket
  });
});

describe('blocks', () => {
  it('pre-LN and post-LN differ, keep shapes, and pass gradients to every parameter', () => {
    const config = { embedDim: 8, numHeads: 2, hiddenDim: 16, rng: new Rng(5) };
    const x = randn([2, 3, 8], { rng: new Rng(6) });
    const memory = randn([2, 4, 8], { rng: new Rng(7) });
    const outputs = [new PostLNEncoderBlock(config), new PreLNEncoderBlock(config)].map((b) => {
      const y = b.forward(x);
      y.mul(y).sum().backward();
      for (const [name, p] of b.namedParameters()) expect(p.grad, name).not.toBeNull();
      return y;
    });
    expect(outputs[0]!.shape).toEqual([2, 3, 8]);
    expect(maxDiff(outputs[0]!, outputs[1]!)).toBeGreaterThan(1e-3);
    for (const block of [new PostLNDecoderBlock(config), new PreLNDecoderBlock(config)]) {
      const y = block.forward(x, memory);
      expect(y.shape).toEqual([2, 3, 8]);
      y.sum().backward();
      expect(block.crossAttn.kProj.weight.grad).not.toBeNull();
    }
  });
});

describe('the original Transformer', () => {
  it('learns to copy a sequence (teacher forcing, then greedy decoding)', () => {
    const rng = new Rng(0);
    const V = 8; // 0 = start token, 1..7 symbols
    const L = 5;
    const model = new Transformer({
      vocabSize: V,
      embedDim: 32,
      numHeads: 4,
      hiddenDim: 64,
      numLayers: 2,
      rng,
    });
    const params = model.parameters();
    const m = params.map((p) => new Float32Array(p.size));
    const v = params.map((p) => new Float32Array(p.size));
    const batch = (n: number) => {
      const src = new Int32Array(n * L);
      for (let i = 0; i < src.length; i++) src[i] = 1 + rng.int(V - 1);
      const tgtIn = new Int32Array(n * L);
      for (let b = 0; b < n; b++) {
        tgtIn[b * L] = 0;
        for (let t = 1; t < L; t++) tgtIn[b * L + t] = src[b * L + t - 1]!;
      }
      return {
        src: tensor(src, [n, L]),
        tgtIn: tensor(tgtIn, [n, L]),
        labels: tensor(src, [n * L]),
      };
    };
    let first = 0;
    let last = 0;
    for (let step = 1; step <= 300; step++) {
      const { src, tgtIn, labels } = batch(16);
      const loss = model.forward(src, tgtIn).reshape(-1, V).crossEntropy(labels);
      loss.backward();
      // Adam, lr 3e-3 (a test-local optimizer: @llm/trainer owns the real ones)
      params.forEach((p, i) => {
        const g = p.grad!.data;
        for (let j = 0; j < p.size; j++) {
          m[i]![j] = 0.9 * m[i]![j]! + 0.1 * g[j]!;
          v[i]![j] = 0.999 * v[i]![j]! + 0.001 * g[j]! * g[j]!;
          const mh = m[i]![j]! / (1 - 0.9 ** step);
          const vh = v[i]![j]! / (1 - 0.999 ** step);
          p.data[j] = p.data[j]! - (3e-3 * mh) / (Math.sqrt(vh) + 1e-8);
        }
        p.grad = null;
      });
      if (step === 1) first = loss.item();
      last = loss.item();
    }
    expect(last).toBeLessThan(first / 4);
    // greedy decoding copies unseen sequences
    const { src } = batch(8);
    const out = new Int32Array(8 * L);
    noGrad(() => {
      const ids = new Int32Array(8 * L); // start tokens, then our own predictions
      for (let t = 0; t < L; t++) {
        const logits = model.forward(src, tensor(ids, [8, L]));
        const next = logits.slice(1, t, t + 1).argmax(-1); // [8, 1]
        for (let b = 0; b < 8; b++) {
          out[b * L + t] = next.data[b]!;
          if (t + 1 < L) ids[b * L + t + 1] = next.data[b]!;
        }
      }
    });
    const correct = Array.from(out).filter((x, i) => x === src.data[i]).length;
    expect(correct / out.length).toBeGreaterThan(0.9);
  });
});
