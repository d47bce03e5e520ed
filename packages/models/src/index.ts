/**
 * @llm/models — GPT-2, BERT (masked LM, sequence and token classification) and T5, exact to PyTorch, loading and saving Hugging Face checkpoints; generation with a KV cache.
 *
 * Not built yet: see README.md for the scope. It exports nothing until it does, so
 * nobody builds on a placeholder.
 */
export {};
