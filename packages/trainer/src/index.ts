/**
 * @llm/trainer — The training loop: AdamW and friends, LR schedules, clipping, gradient accumulation, checkpoints with exact resume, data loaders, a progress bar and JSONL metrics.
 *
 * Not built yet: see README.md for the scope. It exports nothing until it does, so
 * nobody builds on a placeholder.
 */
export {};
