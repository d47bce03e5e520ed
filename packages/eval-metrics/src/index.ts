/**
 * @llm/eval-metrics — Evaluation metrics that match their reference implementations: accuracy, precision / recall / F1, MCC, perplexity, BLEU, ROUGE, exact match, SQuAD F1, entity F1.
 *
 * Not built yet: see README.md for the scope. It exports nothing until it does, so
 * nobody builds on a placeholder.
 */
export {};
