/**
 * @llm/layers — Transformer building blocks as `Module`s: Linear, Embedding, norms, multi-head attention with a KV cache, positional encodings, feed-forward, encoder and decoder blocks.
 *
 * Not built yet: see README.md for the scope. It exports nothing until it does, so
 * nobody builds on a placeholder.
 */
export {};
