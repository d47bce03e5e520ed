/**
 * @llm/tensor-core — Tensors, reverse-mode autograd, every op with its gradient, a fast CPU backend and a gpu.js backend, a seeded RNG and safetensors.
 *
 * Not built yet: see README.md for the scope. It exports nothing until it does, so
 * nobody builds on a placeholder.
 */
export {};
