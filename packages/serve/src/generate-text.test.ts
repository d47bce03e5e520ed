import { type GenerativeModel, Gpt, generate } from '@llm/models';
import { Rng, tensor } from '@llm/tensor-core';
import { Tokenizer } from '@llm/tokenizer/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateText, heldBack } from './generate-text.js';

let model: GenerativeModel;
let tokenizer: Tokenizer;
beforeAll(async () => {
  tokenizer = await Tokenizer.fromFile(
    new URL('../test/fixtures/gpt2-tokenizer.json', import.meta.url).pathname,
  );
  const gpt = new Gpt(
    { vocabSize: 50257, contextLength: 64, numLayers: 1, numHeads: 2, embedDim: 8 },
    { rng: new Rng(2) },
  );
  gpt.eval(); // a new Gpt is in training mode: dropout would make greedy decoding random
  model = gpt as unknown as GenerativeModel;
});

async function drain(run: ReturnType<typeof generateText>) {
  const deltas: string[] = [];
  for (let r = await run.next(); ; r = await run.next()) {
    if (r.done) return { deltas, result: r.value };
    deltas.push(r.value);
  }
}

describe('heldBack', () => {
  it('holds back the longest tail that could grow into a stop string', () => {
    expect(heldBack('hello wo', ['world'])).toBe(2);
    expect(heldBack('hello w', ['world', 'xyz'])).toBe(1);
    expect(heldBack('hello', ['world'])).toBe(0);
    expect(heldBack('abc', [])).toBe(0);
  });

  it('holds back an unfinished character', () => {
    expect(heldBack('caf\uFFFD', [])).toBe(1);
  });
});

describe('generateText', () => {
  it('greedy: the deltas join to the decoded tokens of generate()', async () => {
    const ids = tokenizer.encode('Hello there').ids;
    const [want] = generate(model, tensor(Int32Array.from(ids), [1, ids.length]), {
      maxNewTokens: 10,
    });
    const { deltas, result } = await drain(
      generateText({ model, tokenizer, promptIds: ids, maxNewTokens: 10, temperature: 0 }),
    );
    expect(deltas.join('')).toBe(tokenizer.decode(want!, { skipSpecialTokens: true }));
    expect(result.text).toBe(deltas.join(''));
    expect(result.completionTokens).toBe(want!.length);
  });

  it('stops when cancelled, between tokens', async () => {
    let calls = 0;
    const { result } = await drain(
      generateText({
        model,
        tokenizer,
        promptIds: [1, 2, 3],
        maxNewTokens: 30,
        temperature: 0,
        cancelled: () => ++calls >= 3,
      }),
    );
    expect(result.completionTokens).toBe(3);
  });
});
