/**
 * `llm serve` — an OpenAI-compatible HTTP server for a GPT-2 model directory
 * (@llm/serve): /v1/completions and /v1/chat/completions with SSE streaming,
 * /v1/models, /health, /metrics. Runs until SIGINT / SIGTERM, then closes and exits 0.
 *
 *   $ llm serve --model runs/gpt --port 8000 --api-key sk-local
 *   {"listening":"http://127.0.0.1:8000","model":"gpt"}
 *   $ curl -s http://127.0.0.1:8000/v1/completions -H 'authorization: Bearer sk-local' \
 *       -H 'content-type: application/json' -d '{"prompt":"Call me","max_tokens":8}'
 */
import { defaultLimits, loadModelDir, serve } from '@llm/serve';
import { defineCommand } from '../command.js';
import { CliError } from '../errors.js';

export const serveCommand = defineCommand({
  name: 'serve',
  summary: 'Serve a GPT-2 model over an OpenAI-compatible HTTP API (127.0.0.1 by default).',
  description:
    'DIR holds config.json, model.safetensors and tokenizer.json. Prints one JSON line\n' +
    '{"listening":URL,"model":NAME} once it accepts requests; SIGINT / SIGTERM stop it.\n' +
    'The API key may also come from LLM_API_KEY.',
  options: {
    model: { type: 'string', valueName: 'DIR', description: 'model directory', required: true },
    host: {
      type: 'string',
      valueName: 'H',
      description: 'address to listen on (0.0.0.0: every interface)',
      default: '127.0.0.1',
    },
    port: {
      type: 'integer',
      min: 0,
      max: 65535,
      valueName: 'P',
      description: 'port (0: any free one)',
      default: 8000,
    },
    'api-key': {
      type: 'string',
      valueName: 'K',
      description: 'require Authorization: Bearer K on /v1/* (default: $LLM_API_KEY, else none)',
    },
    cors: {
      type: 'string',
      valueName: 'ORIGIN',
      description: 'allow browser calls from ORIGIN (or *); off by default',
    },
    'max-tokens': {
      type: 'integer',
      min: 1,
      valueName: 'N',
      description: 'most new tokens per request; larger max_tokens are clamped',
      default: defaultLimits.maxTokens,
    },
    'body-limit': {
      type: 'integer',
      min: 1,
      valueName: 'BYTES',
      description: 'largest request body (larger: 413)',
      default: defaultLimits.bodyLimit,
    },
    'timeout-ms': {
      type: 'integer',
      min: 1,
      valueName: 'MS',
      description: 'generation deadline per request (then 504)',
      default: defaultLimits.timeoutMs,
    },
  },
  async run({ options, io }) {
    let server: Awaited<ReturnType<typeof serve>>;
    try {
      const loaded = await loadModelDir(options.model);
      server = await serve({
        ...loaded,
        host: options.host,
        port: options.port,
        apiKey: options['api-key'] ?? (process.env.LLM_API_KEY || undefined),
        cors: options.cors,
        limits: {
          maxTokens: options['max-tokens'],
          bodyLimit: options['body-limit'],
          timeoutMs: options['timeout-ms'],
        },
      });
      io.out(`${JSON.stringify({ listening: server.url, model: loaded.modelName })}\n`);
    } catch (error) {
      throw new CliError((error as Error).message);
    }
    // serve until told to stop; close() lets requests in flight finish
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      const stop = (s: NodeJS.Signals) => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve(s);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    io.err(`llm serve: ${signal}, closing\n`);
    await server.close();
    return 0;
  },
});
