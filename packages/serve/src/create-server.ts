/**
 * An OpenAI-compatible HTTP server around one loaded model, as a fastify instance (not
 * listening: `serve` listens, tests may `inject` or `listen({ port: 0 })`).
 *
 *   const model = await fromPretrained('runs/gpt');
 *   const tokenizer = await Tokenizer.fromFile('runs/gpt/tokenizer.json');
 *   const app = createServer({ model, tokenizer, modelName: 'gpt', apiKey: 'sk-local' });
 *   await app.listen({ host: '127.0.0.1', port: 8000 });
 *
 * Routes: GET /health, GET /v1/models, POST /v1/completions, POST /v1/chat/completions
 * (both with `stream: true` as server-sent events), GET /metrics. Every error is OpenAI's
 * `{"error":{"message","type","param","code"}}` with its status (see README.md for the
 * limits and their defaults).
 */
import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { GenerativeModel, PretrainedModel } from '@llm/models';
import type { Tokenizer } from '@llm/tokenizer';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { ApiError } from './api-error.js';
import { renderChat } from './chat-template.js';
import { type GenerateTextResult, generateText } from './generate-text.js';
import { Metrics } from './metrics.js';
import {
  type ChatBody,
  type CompletionBody,
  chatBodySchema,
  completionBodySchema,
  type SamplingBody,
} from './request-schemas.js';

export interface Limits {
  /** Largest request body in bytes (default 1 MiB); a larger one is a 413. */
  readonly bodyLimit: number;
  /** Most new tokens one request gets (default 256): a larger max_tokens is clamped. */
  readonly maxTokens: number;
  /** Generation deadline per request in ms (default 60 000): then a 504 (mid-stream: an error event). */
  readonly timeoutMs: number;
  /** Time to receive a whole request in ms (default 10 000): slow bodies are cut off. */
  readonly requestTimeoutMs: number;
}

export const defaultLimits: Limits = {
  bodyLimit: 1024 * 1024,
  maxTokens: 256,
  timeoutMs: 60_000,
  requestTimeoutMs: 10_000,
};

export interface ServerOptions {
  /** A model that can generate (GPT-2; from `fromPretrained`, in eval mode). */
  readonly model: PretrainedModel;
  readonly tokenizer: Tokenizer;
  /** What /v1/models lists and responses name (default 'model'). */
  readonly modelName?: string;
  readonly limits?: Partial<Limits>;
  /** When set, /v1/* requires `Authorization: Bearer <apiKey>`. */
  readonly apiKey?: string;
  /** An origin (or '*') allowed to call from a browser; CORS is off without it. */
  readonly cors?: string;
  /** fastify's request log (default off). */
  readonly logger?: boolean;
}

// OpenAI's default for /v1/completions; chat defaults to the server's maxTokens limit.
const DEFAULT_COMPLETION_TOKENS = 16;
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;

export function createServer(options: ServerOptions): FastifyInstance {
  if (!('startGeneration' in options.model))
    throw new Error('createServer: this model cannot generate (a GPT-2 model can)');
  const model = options.model as unknown as GenerativeModel & PretrainedModel;
  // serving is inference: dropout in a model left in training mode would make greedy random
  model.eval();
  const { tokenizer } = options;
  const modelName = options.modelName ?? 'model';
  const limits: Limits = { ...defaultLimits, ...options.limits };
  const config = model.config as { contextLength?: number; bosTokenId?: number };
  const contextLength = config.contextLength ?? Number.POSITIVE_INFINITY;
  const metrics = new Metrics();
  const started = Math.floor(Date.now() / 1000);

  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: limits.bodyLimit,
    requestTimeout: limits.requestTimeoutMs,
    // a wrong type is an error, never silently converted or dropped
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false } },
  });

  app.addHook('onRequest', async (request, reply) => {
    // counted when the response closes, so streams, errors and disconnects all count
    reply.raw.once('close', () =>
      metrics.request(request.routeOptions.url ?? 'unmatched', reply.raw.statusCode),
    );
    if (options.cors !== undefined) {
      // raw headers, so hijacked (streamed) responses carry them too
      reply.raw.setHeader('access-control-allow-origin', options.cors);
      reply.raw.setHeader('vary', 'Origin');
      if (request.method === 'OPTIONS') {
        reply
          .code(204)
          .header('access-control-allow-methods', 'GET, POST, OPTIONS')
          .header('access-control-allow-headers', 'authorization, content-type')
          .header('access-control-max-age', '600');
        return reply.send();
      }
    }
    if (options.apiKey !== undefined && request.url.startsWith('/v1/')) {
      const match = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '');
      if (!match || !sameSecret(match[1]!.trim(), options.apiKey))
        throw new ApiError(401, 'Incorrect API key provided', { code: 'invalid_api_key' });
    }
  });

  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    const api = toApiError(error, limits);
    if (api.statusCode >= 500) request.log.error(error);
    return reply.code(api.statusCode).send(api.toJSON());
  });
  app.setNotFoundHandler((request, reply) => {
    const e = new ApiError(404, `Unknown route: ${request.method} ${request.url.split('?')[0]}`, {
      code: 'unknown_route',
    });
    return reply.code(404).send(e.toJSON());
  });

  /** Registers a route, and a 405 (with Allow) for the other methods on its path. */
  const route = (
    method: 'GET' | 'POST',
    url: string,
    schema: object | undefined,
    handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
  ) => {
    app.route({ method, url, schema: schema && { body: schema }, handler });
    const allowed = method === 'GET' ? ['GET', 'HEAD'] : ['POST'];
    app.route({
      method: METHODS.filter((m) => !allowed.includes(m)),
      url,
      handler: async (request, reply) => {
        reply.header('allow', allowed.join(', '));
        throw new ApiError(405, `Method ${request.method} not allowed on ${url}`, {
          code: 'method_not_allowed',
        });
      },
    });
  };

  route('GET', '/health', undefined, async () => ({ status: 'ok' }));

  route('GET', '/metrics', undefined, async (_request, reply) =>
    reply.type('text/plain; version=0.0.4; charset=utf-8').send(metrics.render()),
  );

  route('GET', '/v1/models', undefined, async () => ({
    object: 'list',
    data: [{ id: modelName, object: 'model', created: started, owned_by: 'llm' }],
  }));

  /** The prompt's token budget: a 400 when it leaves no room, else new tokens clamped to the context. */
  const plan = (promptIds: number[], requested: number, param: string) => {
    if (promptIds.length >= contextLength)
      throw new ApiError(
        400,
        `This model's maximum context length is ${contextLength} tokens, and the prompt has ${promptIds.length}: it must leave room for at least one new token`,
        { param, code: 'context_length_exceeded' },
      );
    return Math.min(requested, limits.maxTokens, contextLength - promptIds.length);
  };

  const encode = (text: string): number[] => {
    const ids = tokenizer.encode(text).ids;
    if (ids.length > 0) return Array.from(ids);
    // an empty prompt starts from the beginning-of-text token, as GPT-2 does
    const start = config.bosTokenId ?? model.config.eosTokenId;
    if (start === undefined)
      throw new ApiError(400, 'the prompt is empty', { param: 'prompt', code: 'empty_prompt' });
    return [start];
  };

  /** Runs one prompt to the end, or streams its deltas through `onDelta`. */
  const run = async (
    promptIds: number[],
    maxNewTokens: number,
    body: SamplingBody,
    watch: Watch,
    onDelta?: (text: string) => void,
  ): Promise<GenerateTextResult> => {
    const gen = generateText({
      model,
      tokenizer,
      promptIds,
      maxNewTokens,
      temperature: body.temperature ?? 1,
      topP: body.top_p ?? undefined,
      seed: body.seed ?? randomInt(2 ** 31),
      stop: typeof body.stop === 'string' ? [body.stop] : (body.stop ?? []),
      cancelled: watch.gone,
      deadline: watch.deadline,
    });
    let r = await gen.next();
    while (!r.done) {
      onDelta?.(r.value);
      r = await gen.next();
    }
    metrics.tokens(promptIds.length, r.value.completionTokens);
    return r.value;
  };

  route('POST', '/v1/completions', completionBodySchema, async (request, reply) => {
    const body = request.body as CompletionBody;
    checkSupported(body, modelName);
    if (body.echo) throw unsupported('echo');
    if (body.logprobs !== undefined && body.logprobs !== null) throw unsupported('logprobs');
    if ((body.best_of ?? 1) !== 1) throw unsupported('best_of');
    const prompts =
      typeof body.prompt === 'string'
        ? [encode(body.prompt)]
        : body.prompt.every((p) => typeof p === 'number')
          ? [body.prompt as number[]]
          : (body.prompt as string[]).map(encode);
    const budgets = prompts.map((ids) =>
      plan(ids, body.max_tokens ?? DEFAULT_COMPLETION_TOKENS, 'prompt'),
    );
    const head = {
      id: `cmpl-${randomUUID().replaceAll('-', '')}`,
      object: 'text_completion',
      created: Math.floor(Date.now() / 1000),
      model: modelName,
    };
    const watch = watchResponse(reply.raw, limits);
    const usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
    const count = (promptIds: number[], r: GenerateTextResult) => {
      usage.prompt_tokens += promptIds.length;
      usage.completion_tokens += r.completionTokens;
      usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
    };
    const includeUsage = body.stream_options?.include_usage === true;
    if (body.stream) {
      const chunk = (choices: object[], u: object | null = null) => ({
        ...head,
        choices,
        ...(includeUsage ? { usage: u } : {}),
      });
      return streamEvents(reply, watch, async (send) => {
        for (let index = 0; index < prompts.length; index++) {
          const ids = prompts[index]!;
          const r = await run(ids, budgets[index]!, body, watch, (text) =>
            send(chunk([{ index, text, logprobs: null, finish_reason: null }])),
          );
          count(ids, r);
          send(chunk([{ index, text: '', logprobs: null, finish_reason: r.finishReason }]));
          if (watch.gone()) return;
        }
        if (includeUsage) send(chunk([], usage));
      });
    }
    const choices = [];
    for (let index = 0; index < prompts.length; index++) {
      const ids = prompts[index]!;
      const r = await run(ids, budgets[index]!, body, watch);
      count(ids, r);
      choices.push({ index, text: r.text, logprobs: null, finish_reason: r.finishReason });
    }
    return { ...head, choices, usage };
  });

  route('POST', '/v1/chat/completions', chatBodySchema, async (request, reply) => {
    const body = request.body as ChatBody;
    checkSupported(body, modelName);
    if (body.logprobs) throw unsupported('logprobs');
    const ids = encode(renderChat(body.messages));
    const budget = plan(
      ids,
      body.max_completion_tokens ?? body.max_tokens ?? limits.maxTokens,
      'messages',
    );
    const head = {
      id: `chatcmpl-${randomUUID().replaceAll('-', '')}`,
      object: body.stream ? 'chat.completion.chunk' : 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: modelName,
    };
    const watch = watchResponse(reply.raw, limits);
    const usageOf = (r: GenerateTextResult) => ({
      prompt_tokens: ids.length,
      completion_tokens: r.completionTokens,
      total_tokens: ids.length + r.completionTokens,
    });
    if (body.stream) {
      const includeUsage = body.stream_options?.include_usage === true;
      const chunk = (delta: object, finish: string | null) => ({
        ...head,
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
        ...(includeUsage ? { usage: null } : {}),
      });
      return streamEvents(reply, watch, async (send) => {
        send(chunk({ role: 'assistant', content: '' }, null));
        const r = await run(ids, budget, body, watch, (content) => send(chunk({ content }, null)));
        send(chunk({}, r.finishReason));
        if (includeUsage) send({ ...head, choices: [], usage: usageOf(r) });
      });
    }
    const r = await run(ids, budget, body, watch);
    return {
      ...head,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: r.text },
          logprobs: null,
          finish_reason: r.finishReason,
        },
      ],
      usage: usageOf(r),
    };
  });

  return app;
}

/** Whether the client is still there, and when this request's time is up. */
interface Watch {
  readonly gone: () => boolean;
  readonly deadline: number;
}

function watchResponse(res: ServerResponse, limits: Limits): Watch {
  let gone = false;
  // 'close' before the response finished: the client disconnected
  res.once('close', () => {
    if (!res.writableFinished) gone = true;
  });
  return { gone: () => gone, deadline: Date.now() + limits.timeoutMs };
}

/**
 * Server-sent events: `data: {json}\n\n` for each event, then `data: [DONE]\n\n`. An error
 * after the headers went out is sent as an event carrying OpenAI's error object (the
 * clients raise it), and the stream ends without [DONE].
 */
async function streamEvents(
  reply: FastifyReply,
  watch: Watch,
  produce: (send: (event: object) => void) => Promise<void>,
): Promise<FastifyReply> {
  reply.hijack();
  const res = reply.raw;
  res.on('error', () => {}); // a write racing a disconnect must not crash the server
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  const write = (data: string) => {
    if (!watch.gone() && !res.destroyed) res.write(`data: ${data}\n\n`);
  };
  try {
    await produce((event) => write(JSON.stringify(event)));
    write('[DONE]');
  } catch (error) {
    const api = error instanceof ApiError ? error : new ApiError(500, (error as Error).message);
    write(JSON.stringify(api.toJSON()));
  }
  res.end();
  return reply;
}

/** Fields every generation route checks before it starts. */
function checkSupported(body: SamplingBody, modelName: string) {
  if (body.model !== undefined && body.model !== modelName)
    throw new ApiError(
      404,
      `The model '${body.model}' does not exist (this server has '${modelName}')`,
      {
        param: 'model',
        code: 'model_not_found',
      },
    );
  if ((body.n ?? 1) !== 1)
    throw new ApiError(400, 'n must be 1: several choices per prompt are not supported yet', {
      param: 'n',
      code: 'unsupported_value',
    });
  if ((body.presence_penalty ?? 0) !== 0) throw unsupported('presence_penalty');
  if ((body.frequency_penalty ?? 0) !== 0) throw unsupported('frequency_penalty');
}

function unsupported(param: string): ApiError {
  return new ApiError(400, `'${param}' is not supported yet`, {
    param,
    code: 'unsupported_parameter',
  });
}

/** Constant time in the key: both sides hashed to equal length first. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

interface AjvError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly message?: string;
  readonly params: Record<string, unknown>;
}

/** fastify's errors (schema, JSON, size) as OpenAI errors. */
function toApiError(error: FastifyError | ApiError, limits: Limits): ApiError {
  if (error instanceof ApiError) return error;
  if (error.validation) return validationError(error.validation as unknown as AjvError[]);
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return new ApiError(413, `The request body is larger than ${limits.bodyLimit} bytes`, {
      code: 'request_too_large',
    });
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError)
    return new ApiError(400, `The body is not valid JSON: ${error.message}`, {
      code: 'invalid_json',
    });
  const status = error.statusCode ?? 500;
  if (status < 500) return new ApiError(status, error.message, { code: error.code ?? null });
  return new ApiError(500, `Internal server error: ${error.message}`, { type: 'server_error' });
}

/** One message naming the field: "Invalid value for 'max_tokens': must be integer". */
function validationError(errors: readonly AjvError[]): ApiError {
  const first = errors[0]!;
  const path =
    first.keyword === 'required'
      ? `${first.instancePath}/${String(first.params.missingProperty)}`
      : first.instancePath;
  const param = path
    .split('/')
    .filter(Boolean)
    .map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join('');
  if (first.keyword === 'required')
    return new ApiError(400, `Missing required parameter: '${param}'`, {
      param,
      code: 'missing_required_parameter',
    });
  const reasons = [
    ...new Set(
      errors
        .filter((e) => e.instancePath === first.instancePath && e.keyword !== 'anyOf')
        .filter((e) => !(e.keyword === 'type' && e.params.type === 'null'))
        .map((e) => e.message ?? e.keyword),
    ),
  ];
  return new ApiError(400, `Invalid value for '${param || 'body'}': ${reasons.join(' or ')}`, {
    param: param || null,
    code: 'invalid_value',
  });
}
