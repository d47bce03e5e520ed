/**
 * @llm/serve — an OpenAI-compatible HTTP server for a model trained here: completions
 * and chat completions with SSE streaming, models, health, Prometheus metrics; request
 * limits and validation; 127.0.0.1 by default.
 *
 *   import { loadModelDir, serve } from '@llm/serve';
 *   const server = await serve({ ...(await loadModelDir('runs/gpt')), apiKey: 'sk-local' });
 *   // new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'sk-local' }).completions.create(…)
 */
export { ApiError, type ApiErrorBody } from './api-error.js';
export { type ChatMessage, renderChat } from './chat-template.js';
export { createServer, defaultLimits, type Limits, type ServerOptions } from './create-server.js';
export {
  type GenerateTextRequest,
  type GenerateTextResult,
  generateText,
} from './generate-text.js';
export { type LoadedModelDir, loadModelDir } from './load-model-dir.js';
export { Metrics } from './metrics.js';
export { type RunningServer, type ServeOptions, serve } from './serve.js';
