// The real server on an ephemeral port, a tiny random GPT over GPT-2's vocabulary made
// here, and the official openai client talking to it.
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type GenerativeModel, Gpt, generate, savePretrained } from '@llm/models';
import { Rng, tensor } from '@llm/tensor-core';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderChat } from './chat-template.js';
import { createServer } from './create-server.js';
import { type LoadedModelDir, loadModelDir } from './load-model-dir.js';
import { type RunningServer, type ServeOptions, serve } from './serve.js';

const tokenizerFixture = fileURLToPath(
  new URL('../test/fixtures/gpt2-tokenizer.json', import.meta.url),
);
const CONTEXT = 1024;

let dir: string;
let loaded: LoadedModelDir;
let server: RunningServer;
let client: OpenAI;
const others: RunningServer[] = [];

async function start(options: Partial<ServeOptions> = {}): Promise<RunningServer> {
  const s = await serve({ ...loaded, port: 0, ...options });
  others.push(s);
  return s;
}

/** The OpenAI error object of a response. */
const errorOf = async (r: Response) =>
  (
    (await r.json()) as {
      error: { message: string; type: string; param: string | null; code: string | null };
    }
  ).error;

const clientFor = (s: RunningServer, apiKey = 'none') =>
  new OpenAI({ baseURL: `${s.url}/v1`, apiKey, maxRetries: 0 });

/** What @llm/models' generate gives for the same prompt, greedy: the oracle. */
function direct(prompt: string, maxNewTokens: number) {
  const ids = loaded.tokenizer.encode(prompt).ids;
  const model = loaded.model as unknown as GenerativeModel;
  const [out] = generate(model, tensor(Int32Array.from(ids), [1, ids.length]), { maxNewTokens });
  return {
    promptTokens: ids.length,
    ids: out!,
    text: loaded.tokenizer.decode(out!, { skipSpecialTokens: true }),
    finish: out!.includes(model.config.eosTokenId!) ? 'stop' : 'length',
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llm-serve-'));
  const model = new Gpt(
    { vocabSize: 50257, contextLength: CONTEXT, numLayers: 1, numHeads: 2, embedDim: 8 },
    { rng: new Rng(1) },
  );
  const modelDir = join(dir, 'tiny-gpt');
  await savePretrained(model, modelDir);
  await copyFile(tokenizerFixture, join(modelDir, 'tokenizer.json'));
  loaded = await loadModelDir(modelDir);
  server = await serve({ ...loaded, port: 0 });
  client = clientFor(server);
});

afterAll(async () => {
  await Promise.all([server, ...others].map((s) => s?.close()));
  await rm(dir, { recursive: true, force: true });
});

describe('routes', () => {
  it('listens on 127.0.0.1 and answers /health', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const r = await fetch(`${server.url}/health`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: 'ok' });
  });

  it('/v1/models lists the loaded model under its directory name', async () => {
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual(['tiny-gpt']);
    expect(models.data[0]!.object).toBe('model');
  });
});

describe('createServer', () => {
  it('puts a model left in training mode into eval mode (no dropout while serving)', async () => {
    const gpt = new Gpt({
      vocabSize: 50257,
      contextLength: 8,
      numLayers: 1,
      numHeads: 1,
      embedDim: 4,
    });
    expect(gpt.training).toBe(true);
    const app = createServer({ model: gpt, tokenizer: loaded.tokenizer });
    expect(gpt.training).toBe(false);
    await app.close();
  });
});

describe('completions', () => {
  it('greedy over HTTP equals generate() called directly, with usage', async () => {
    const want = direct('Call me Ishmael.', 12);
    const r = await client.completions.create({
      model: 'tiny-gpt',
      prompt: 'Call me Ishmael.',
      max_tokens: 12,
      temperature: 0,
    });
    expect(r.object).toBe('text_completion');
    expect(r.id).toMatch(/^cmpl-/);
    expect(r.model).toBe('tiny-gpt');
    expect(typeof r.created).toBe('number');
    expect(r.choices).toHaveLength(1);
    expect(r.choices[0]!.text).toBe(want.text);
    expect(r.choices[0]!.finish_reason).toBe(want.finish);
    expect(r.usage).toEqual({
      prompt_tokens: want.promptTokens,
      completion_tokens: want.ids.length,
      total_tokens: want.promptTokens + want.ids.length,
    });
  });

  it('an array of prompts gives one choice each, in order', async () => {
    const prompts = ['Hello', 'The sea'];
    const r = await client.completions.create({
      model: 'tiny-gpt',
      prompt: prompts,
      max_tokens: 5,
      temperature: 0,
    });
    expect(r.choices.map((c) => c.index)).toEqual([0, 1]);
    expect(r.choices.map((c) => c.text)).toEqual(prompts.map((p) => direct(p, 5).text));
  });

  it('streamed chunks reassemble to the non-streamed text (sampling, same seed)', async () => {
    const body = { model: 'tiny-gpt', prompt: 'It was', max_tokens: 20, temperature: 1.2, seed: 7 };
    const whole = await client.completions.create(body);
    const stream = await client.completions.create({
      ...body,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    const finishes: (string | null)[] = [];
    let usage: OpenAI.CompletionUsage | null | undefined;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      if (chunk.usage) usage = chunk.usage;
      for (const c of chunk.choices) {
        text += c.text;
        finishes.push(c.finish_reason);
      }
    }
    expect(chunks).toBeGreaterThan(2);
    expect(text).toBe(whole.choices[0]!.text);
    expect(finishes.at(-1)).toBe(whole.choices[0]!.finish_reason);
    expect(finishes.slice(0, -1).every((f) => f === null)).toBe(true);
    expect(usage).toEqual(whole.usage);
    // a different seed samples something else (the seed is honoured, not ignored)
    const other = await client.completions.create({ ...body, seed: 8 });
    expect(other.choices[0]!.text).not.toBe(whole.choices[0]!.text);
  });

  it('the SSE wire format: data: {...} events, then data: [DONE]', async () => {
    const r = await fetch(`${server.url}/v1/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'Hi', max_tokens: 3, temperature: 0, stream: true }),
    });
    expect(r.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = (await r.text()).split('\n\n');
    expect(events.pop()).toBe('');
    expect(events.at(-1)).toBe('data: [DONE]');
    for (const e of events.slice(0, -1))
      expect(JSON.parse(e.replace(/^data: /, ''))).toHaveProperty('choices');
  });

  it('stop strings end the text before them, streamed or not', async () => {
    const full = direct('Call me Ishmael.', 24).text;
    expect(full.length).toBeGreaterThan(6);
    const at = Math.floor(full.length / 2);
    const stop = full.slice(at, at + 2);
    const expected = full.slice(0, full.indexOf(stop));
    const body = {
      model: 'tiny-gpt',
      prompt: 'Call me Ishmael.',
      max_tokens: 24,
      temperature: 0,
      stop: [stop, 'never-there'],
    };
    const r = await client.completions.create(body);
    expect(r.choices[0]!.text).toBe(expected);
    expect(r.choices[0]!.finish_reason).toBe('stop');
    let streamed = '';
    for await (const chunk of await client.completions.create({ ...body, stream: true }))
      streamed += chunk.choices[0]?.text ?? '';
    expect(streamed).toBe(expected);
  });

  it('max_tokens is clamped to what the context leaves', async () => {
    const prompt = ' a'.repeat(CONTEXT - 3);
    const r = await client.completions.create({
      model: 'tiny-gpt',
      prompt,
      max_tokens: 50,
      temperature: 0,
    });
    expect(r.usage!.prompt_tokens).toBe(CONTEXT - 3);
    expect(r.usage!.completion_tokens).toBeLessThanOrEqual(3);
    expect(r.usage!.total_tokens).toBeLessThanOrEqual(CONTEXT);
  });
});

describe('chat completions', () => {
  const messages = [
    { role: 'system' as const, content: 'You are terse.' },
    { role: 'user' as const, content: 'Say something.' },
  ];

  it('renders the default template and answers as the assistant (greedy = generate())', async () => {
    const want = direct(renderChat(messages), 10);
    const r = await client.chat.completions.create({
      model: 'tiny-gpt',
      messages,
      max_tokens: 10,
      temperature: 0,
    });
    expect(r.object).toBe('chat.completion');
    expect(r.id).toMatch(/^chatcmpl-/);
    expect(r.choices[0]!.message).toEqual({ role: 'assistant', content: want.text });
    expect(r.choices[0]!.finish_reason).toBe(want.finish);
    expect(r.usage!.prompt_tokens).toBe(want.promptTokens);
    expect(r.usage!.completion_tokens).toBe(want.ids.length);
  });

  it('streams deltas that reassemble to the message, then a usage chunk', async () => {
    const body = {
      model: 'tiny-gpt',
      messages,
      max_completion_tokens: 15,
      temperature: 0.8,
      seed: 3,
    };
    const whole = await client.chat.completions.create(body);
    const stream = await client.chat.completions.create({
      ...body,
      stream: true,
      stream_options: { include_usage: true },
    });
    let content = '';
    let role: string | undefined;
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      expect(chunk.object).toBe('chat.completion.chunk');
      if (chunk.usage) usage = chunk.usage;
      const c = chunk.choices[0];
      if (!c) continue;
      role ??= c.delta.role;
      content += c.delta.content ?? '';
      finish = c.finish_reason ?? finish;
    }
    expect(role).toBe('assistant');
    expect(content).toBe(whole.choices[0]!.message.content);
    expect(finish).toBe(whole.choices[0]!.finish_reason);
    expect(usage).toEqual(whole.usage);
  });
});

describe('errors, as the client’s typed errors', () => {
  it('n > 1 is a 400 naming n', async () => {
    const e = await client.completions
      .create({ model: 'tiny-gpt', prompt: 'x', n: 2 })
      .catch((error: unknown) => error);
    expect(e).toBeInstanceOf(OpenAI.BadRequestError);
    expect((e as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('n');
  });

  it('a wrong field type is a 400 naming the field', async () => {
    const e = await client.completions
      .create({ model: 'tiny-gpt', prompt: 'x', max_tokens: 'ten' as unknown as number })
      .catch((error: unknown) => error);
    expect(e).toBeInstanceOf(OpenAI.BadRequestError);
    const err = e as InstanceType<typeof OpenAI.BadRequestError>;
    expect(err.param).toBe('max_tokens');
    expect(err.message).toContain("'max_tokens'");
    const missing = await client.chat.completions
      .create({ model: 'tiny-gpt', messages: [{ content: 'hi' } as never] })
      .catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(OpenAI.BadRequestError);
    expect((missing as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('messages[0].role');
  });

  it('a prompt longer than the context is a 400 context_length_exceeded', async () => {
    const e = await client.completions
      .create({ model: 'tiny-gpt', prompt: ' a'.repeat(CONTEXT + 10) })
      .catch((error: unknown) => error);
    expect(e).toBeInstanceOf(OpenAI.BadRequestError);
    expect((e as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('context_length_exceeded');
  });

  it('an unknown model and an unknown route are 404s', async () => {
    const e = await client.completions
      .create({ model: 'gpt-4', prompt: 'x' })
      .catch((error: unknown) => error);
    expect(e).toBeInstanceOf(OpenAI.NotFoundError);
    expect((e as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('model_not_found');
    const route = await client.embeddings
      .create({ model: 'tiny-gpt', input: 'x' })
      .catch((error: unknown) => error);
    expect(route).toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('a wrong method is a 405 with Allow, malformed JSON a 400, both OpenAI error bodies', async () => {
    const get = await fetch(`${server.url}/v1/completions`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect((await errorOf(get)).type).toBe('invalid_request_error');
    const bad = await fetch(`${server.url}/v1/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"prompt": "x",',
    });
    expect(bad.status).toBe(400);
    const body = await errorOf(bad);
    expect(Object.keys(body).sort()).toEqual(['code', 'message', 'param', 'type']);
    expect(body.code).toBe('invalid_json');
  });

  it('a body over the limit is a 413', async () => {
    const small = await start({ limits: { bodyLimit: 1000 } });
    const r = await fetch(`${small.url}/v1/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'x'.repeat(5000) }),
    });
    expect(r.status).toBe(413);
    expect((await errorOf(r)).code).toBe('request_too_large');
    // under the limit the same server answers
    const ok = await clientFor(small).completions.create({
      model: 'tiny-gpt',
      prompt: 'x',
      max_tokens: 1,
    });
    expect(ok.choices).toHaveLength(1);
  });

  it('with an api key: a wrong or missing key is a 401, the right one works, /health stays open', async () => {
    const locked = await start({ apiKey: 'sk-secret' });
    const wrong = await clientFor(locked, 'sk-wrong')
      .models.list()
      .catch((error: unknown) => error);
    expect(wrong).toBeInstanceOf(OpenAI.AuthenticationError);
    const none = await fetch(`${locked.url}/v1/models`);
    expect(none.status).toBe(401);
    const models = await clientFor(locked, 'sk-secret').models.list();
    expect(models.data).toHaveLength(1);
    expect((await fetch(`${locked.url}/health`)).status).toBe(200);
  });

  it('CORS is off by default; --cors ORIGIN sets the header and answers preflights', async () => {
    const plain = await fetch(`${server.url}/health`, { headers: { origin: 'http://app.test' } });
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
    const open = await start({ cors: 'http://app.test', apiKey: 'k' });
    const preflight = await fetch(`${open.url}/v1/completions`, {
      method: 'OPTIONS',
      headers: { origin: 'http://app.test', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://app.test');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    const stream = await fetch(`${open.url}/v1/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer k',
        origin: 'http://app.test',
      },
      body: JSON.stringify({ prompt: 'Hi', max_tokens: 2, stream: true }),
    });
    expect(stream.headers.get('access-control-allow-origin')).toBe('http://app.test');
    await stream.text();
  });

  it('a request past the timeout is a 504, or an error event mid-stream', async () => {
    const slow = await start({ limits: { timeoutMs: 0 } });
    const c = clientFor(slow);
    const e = await c.completions
      .create({ model: 'tiny-gpt', prompt: 'x', max_tokens: 20, temperature: 0 })
      .catch((error: unknown) => error);
    expect(e).toBeInstanceOf(OpenAI.InternalServerError);
    expect((e as InstanceType<typeof OpenAI.APIError>).status).toBe(504);
    const stream = await c.completions.create({
      model: 'tiny-gpt',
      prompt: 'x',
      max_tokens: 20,
      temperature: 0,
      stream: true,
    });
    const read = async () => {
      for await (const _ of stream);
    };
    await expect(read()).rejects.toThrow(/timeout/);
  });

  it('1,000 bad requests in a row, then /health still answers 200', async () => {
    const kinds = [
      () =>
        fetch(`${server.url}/v1/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{',
        }),
      () =>
        fetch(`${server.url}/v1/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"prompt": 5}',
        }),
      () =>
        fetch(`${server.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"messages": []}',
        }),
      () => fetch(`${server.url}/nowhere`),
      () => fetch(`${server.url}/v1/models`, { method: 'DELETE' }),
    ];
    const statuses = new Set<number>();
    for (let i = 0; i < 1000; i += 20) {
      const batch = await Promise.all(
        Array.from({ length: 20 }, async (_, j) => {
          const r = await kinds[(i + j) % kinds.length]!();
          await r.arrayBuffer();
          return r.status;
        }),
      );
      for (const s of batch) statuses.add(s);
    }
    expect([...statuses].sort()).toEqual([400, 404, 405]);
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
  });
});

describe('metrics and disconnects', () => {
  const completionTokens = async (s: RunningServer) => {
    const text = await (await fetch(`${s.url}/metrics`)).text();
    return Number(/^llm_completion_tokens_total (\d+)$/m.exec(text)![1]);
  };

  it('counts requests by route and status, and tokens', async () => {
    const s = await start();
    await clientFor(s).completions.create({
      model: 'tiny-gpt',
      prompt: 'Hello',
      max_tokens: 4,
      temperature: 0,
    });
    await fetch(`${s.url}/nowhere`);
    const r = await fetch(`${s.url}/metrics`);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await r.text();
    expect(text).toContain('llm_requests_total{route="/v1/completions",status="200"} 1');
    expect(text).toContain('llm_requests_total{route="unmatched",status="404"} 1');
    expect(text).toMatch(/^llm_prompt_tokens_total [1-9]\d*$/m);
    expect(await completionTokens(s)).toBe(direct('Hello', 4).ids.length);
  });

  it('a client that disconnects mid-stream stops its generation', async () => {
    const s = await start({ limits: { maxTokens: 1000 } });
    const budget = 900;
    const controller = new AbortController();
    const r = await fetch(`${s.url}/v1/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'Hi', max_tokens: budget, temperature: 0, stream: true }),
      signal: controller.signal,
    });
    const reader = r.body!.getReader();
    await reader.read(); // the first event is out: generation is under way
    controller.abort();
    // the run records its tokens when it ends; wait for that
    let produced = 0;
    for (let i = 0; i < 200 && produced === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      produced = await completionTokens(s);
    }
    expect(produced).toBeGreaterThan(0);
    expect(produced).toBeLessThan(budget / 2);
    // the uncancelled run would have gone on: greedy from this prompt never emits EOS early
    expect(direct('Hi', budget / 2).finish).toBe('length');
  });
});
