import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { noGrad, tensor } from '@llm/tensor-core';
import { describe, expect, it } from 'vitest';
import {
  fromPretrained,
  type GenerativeModel,
  type Gpt,
  generate,
  streamGenerate,
  type T5ForConditionalGeneration,
} from '../src/index.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const expected = (name: string) =>
  JSON.parse(readFileSync(`${fixtures}${name}/expected.json`, 'utf8'));
const ids = (rows: number[][]) =>
  tensor(Int32Array.from(rows.flat()), [rows.length, rows[0]!.length]);

const gpt = (await fromPretrained(`${fixtures}gpt2`)) as Gpt;
const t5 = (await fromPretrained(`${fixtures}t5`)) as T5ForConditionalGeneration;
gpt.eval();
t5.eval();

/** Σ log p of `tokens` after `prompt` under GPT (teacher forcing). */
function logLikelihood(model: Gpt, prompt: number[], tokens: number[]): number {
  const all = [...prompt, ...tokens];
  const logits = noGrad(() => model.forward({ inputIds: ids([all]) }).logits.logSoftmax(-1));
  const V = logits.shape[2]!;
  return tokens.reduce((s, t, i) => s + logits.data[(prompt.length - 1 + i) * V + t]!, 0);
}

describe('greedy decoding equals the fixtures', () => {
  it.each([true, false])('GPT-2, cache %s', (useCache) => {
    const { prompts, new_tokens } = expected('gpt2').generate;
    prompts.forEach((prompt: number[], i: number) => {
      expect(
        generate(gpt, ids([prompt]), { maxNewTokens: 8, eosTokenId: null, useCache })[0],
      ).toEqual(new_tokens[i]);
    });
  });

  it.each([true, false])('T5, cache %s', (useCache) => {
    const { encoder_input_ids, new_tokens } = expected('t5').generate;
    encoder_input_ids.forEach((prompt: number[], i: number) => {
      expect(
        generate(t5, ids([prompt]), { maxNewTokens: 8, eosTokenId: null, useCache })[0],
      ).toEqual(new_tokens[i]);
    });
  });

  it('batched GPT prompts with left padding equal one-at-a-time decoding', () => {
    const { prompts, new_tokens } = expected('gpt2').generate;
    const width = Math.max(...prompts.map((p: number[]) => p.length));
    const padded = prompts.map((p: number[]) => [...new Array(width - p.length).fill(0), ...p]);
    const mask = prompts.map((p: number[]) => [
      ...new Array(width - p.length).fill(0),
      ...new Array(p.length).fill(1),
    ]);
    const out = generate(gpt, ids(padded), {
      maxNewTokens: 8,
      eosTokenId: null,
      attentionMask: ids(mask),
    });
    expect(out).toEqual(new_tokens);
  });
});

describe('sampling', () => {
  const prompt = ids([expected('gpt2').generate.prompts[0]]);
  it('is reproducible from its seed, and top-k 1 is greedy', () => {
    const a = generate(gpt, prompt, {
      maxNewTokens: 10,
      strategy: 'sample',
      seed: 3,
      eosTokenId: null,
    });
    expect(
      generate(gpt, prompt, { maxNewTokens: 10, strategy: 'sample', seed: 3, eosTokenId: null }),
    ).toEqual(a);
    const others = [4, 5, 6].map(
      (seed) =>
        generate(gpt, prompt, { maxNewTokens: 10, strategy: 'sample', seed, eosTokenId: null })[0],
    );
    expect(others.some((o) => JSON.stringify(o) !== JSON.stringify(a[0]))).toBe(true);
    expect(
      generate(gpt, prompt, {
        maxNewTokens: 8,
        strategy: 'sample',
        topK: 1,
        seed: 9,
        eosTokenId: null,
      })[0],
    ).toEqual(expected('gpt2').generate.new_tokens[0]);
  });

  it('a tiny top-p keeps only the most likely token (greedy); temperature → 0 is greedy', () => {
    const greedy = expected('gpt2').generate.new_tokens[0];
    expect(
      generate(gpt, prompt, {
        maxNewTokens: 8,
        strategy: 'sample',
        topP: 1e-9,
        seed: 1,
        eosTokenId: null,
      })[0],
    ).toEqual(greedy);
    expect(
      generate(gpt, prompt, {
        maxNewTokens: 8,
        strategy: 'sample',
        temperature: 0,
        seed: 1,
        eosTokenId: null,
      })[0],
    ).toEqual(greedy);
  });
});

describe('stopping and penalties', () => {
  const prompt = ids([expected('gpt2').generate.prompts[0]]);
  const greedy: number[] = expected('gpt2').generate.new_tokens[0];

  it('stops at a stop token (keeping it), and not before minNewTokens', () => {
    expect(
      generate(gpt, prompt, { maxNewTokens: 8, stopTokens: [greedy[2]!], eosTokenId: null })[0],
    ).toEqual(greedy.slice(0, 3));
    const out = generate(gpt, prompt, {
      maxNewTokens: 4,
      eosTokenId: greedy[0]!,
      minNewTokens: 2,
    })[0]!;
    expect(out[0]).not.toBe(greedy[0]);
    expect(out.length).toBeGreaterThanOrEqual(2);
  });

  it('a repetition penalty discourages repeats', () => {
    const repeats = (xs: number[]) => xs.length - new Set(xs).size;
    const penalised = generate(gpt, prompt, {
      maxNewTokens: 8,
      repetitionPenalty: 5,
      eosTokenId: null,
    })[0]!;
    expect(repeats(penalised)).toBeLessThan(repeats(greedy));
  });
});

describe('beam search', () => {
  const prompt: number[] = expected('gpt2').generate.prompts[1];

  it('one beam is greedy; four beams find at least as likely a continuation', () => {
    const greedy = generate(gpt, ids([prompt]), { maxNewTokens: 6, eosTokenId: null })[0]!;
    expect(
      generate(gpt, ids([prompt]), {
        maxNewTokens: 6,
        strategy: 'beam',
        numBeams: 1,
        eosTokenId: null,
      })[0],
    ).toEqual(greedy);
    const beam = generate(gpt, ids([prompt]), {
      maxNewTokens: 6,
      strategy: 'beam',
      numBeams: 4,
      eosTokenId: null,
    })[0]!;
    expect(beam).toHaveLength(6);
    expect(logLikelihood(gpt, prompt, beam)).toBeGreaterThanOrEqual(
      logLikelihood(gpt, prompt, greedy) - 1e-6,
    );
  });

  it('reorders the KV cache correctly: with and without the cache agree (GPT and T5)', () => {
    const cases: [GenerativeModel, number[]][] = [
      [gpt, prompt],
      [t5, expected('t5').generate.encoder_input_ids[1]],
    ];
    for (const [model, p] of cases) {
      const options = { maxNewTokens: 6, strategy: 'beam' as const, numBeams: 3, eosTokenId: null };
      expect(generate(model, ids([p]), { ...options, useCache: true })).toEqual(
        generate(model, ids([p]), { ...options, useCache: false }),
      );
    }
  });
});

describe('streaming', () => {
  it('yields the tokens generate returns, one at a time', async () => {
    const prompt = ids([expected('gpt2').generate.prompts[0]]);
    const seen: number[] = [];
    for await (const token of streamGenerate(gpt, prompt, { maxNewTokens: 8, eosTokenId: null }))
      seen.push(token);
    expect(seen).toEqual(expected('gpt2').generate.new_tokens[0]);
  });
});
