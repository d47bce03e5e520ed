/**
 * @llm/tokenizer — Byte-level BPE, WordPiece and Unigram tokenizers: train, encode with offsets, decode, and read / write Hugging Face `tokenizer.json`.
 *
 * Not built yet: see README.md for the scope. It exports nothing until it does, so
 * nobody builds on a placeholder.
 */
export {};
