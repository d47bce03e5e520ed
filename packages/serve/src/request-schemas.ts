/**
 * JSON schemas of the request bodies, checked by fastify (ajv) before a handler runs: a
 * wrong type is a 400 naming the field. Unknown fields are let through (clients send
 * `user`, `logit_bias`, …); fields this server cannot honour yet are rejected by the
 * handler with a message saying so.
 *
 *   app.post('/v1/completions', { schema: { body: completionBodySchema } }, handler);
 */

const nullable = (schema: Record<string, unknown>) => ({ anyOf: [schema, { type: 'null' }] });

const sampling = {
  model: { type: 'string' },
  max_tokens: nullable({ type: 'integer', minimum: 1 }),
  temperature: nullable({ type: 'number', minimum: 0, maximum: 2 }),
  top_p: nullable({ type: 'number', exclusiveMinimum: 0, maximum: 1 }),
  n: nullable({ type: 'integer', minimum: 1 }),
  seed: nullable({ type: 'integer' }),
  stop: nullable({
    anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, maxItems: 4 }],
  }),
  stream: nullable({ type: 'boolean' }),
  stream_options: nullable({
    type: 'object',
    properties: { include_usage: { type: 'boolean' } },
  }),
  presence_penalty: nullable({ type: 'number', minimum: -2, maximum: 2 }),
  frequency_penalty: nullable({ type: 'number', minimum: -2, maximum: 2 }),
} as const;

export const completionBodySchema = {
  type: 'object',
  required: ['prompt'],
  properties: {
    ...sampling,
    prompt: {
      anyOf: [
        { type: 'string' },
        { type: 'array', minItems: 1, items: { type: 'string' } },
        { type: 'array', minItems: 1, items: { type: 'integer', minimum: 0 } },
      ],
    },
    echo: nullable({ type: 'boolean' }),
    logprobs: nullable({ type: 'integer' }),
    best_of: nullable({ type: 'integer', minimum: 1 }),
  },
} as const;

export const chatBodySchema = {
  type: 'object',
  required: ['messages'],
  properties: {
    ...sampling,
    max_completion_tokens: nullable({ type: 'integer', minimum: 1 }),
    logprobs: nullable({ type: 'boolean' }),
    messages: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['role'],
        properties: {
          role: { type: 'string', enum: ['system', 'developer', 'user', 'assistant', 'tool'] },
          content: nullable({
            anyOf: [
              { type: 'string' },
              {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['type'],
                  properties: { type: { type: 'string' }, text: { type: 'string' } },
                },
              },
            ],
          }),
        },
      },
    },
  },
} as const;

/** The fields both bodies share, as the handlers read them (after validation). */
export interface SamplingBody {
  readonly model?: string;
  readonly max_tokens?: number | null;
  readonly temperature?: number | null;
  readonly top_p?: number | null;
  readonly n?: number | null;
  readonly seed?: number | null;
  readonly stop?: string | string[] | null;
  readonly stream?: boolean | null;
  readonly stream_options?: { readonly include_usage?: boolean } | null;
  readonly presence_penalty?: number | null;
  readonly frequency_penalty?: number | null;
}

export interface CompletionBody extends SamplingBody {
  readonly prompt: string | string[] | number[];
  readonly echo?: boolean | null;
  readonly logprobs?: number | null;
  readonly best_of?: number | null;
}

export interface ChatBody extends SamplingBody {
  readonly messages: {
    readonly role: string;
    readonly content?: string | { readonly type: string; readonly text?: string }[] | null;
  }[];
  readonly max_completion_tokens?: number | null;
  readonly logprobs?: boolean | null;
}
