/**
 * @llm/finetune-strategies — Ways to fine-tune a pretrained model: full, freeze the bottom N layers, head only, LoRA, adapters, BitFit, prompt tuning.
 *
 * Not built yet: see README.md for the scope. It exports nothing until it does, so
 * nobody builds on a placeholder.
 */
export {};
