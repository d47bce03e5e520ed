/**
 * @llm/serve — An HTTP server for a trained model: OpenAI-style completions with SSE streaming, embeddings, health, with limits and validation.
 *
 * Not built yet: see README.md for the scope. It exports nothing until it does, so
 * nobody builds on a placeholder.
 */
export {};
