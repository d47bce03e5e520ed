/**
 * RMS normalisation with a learned scale and no shift — T5's "LayerNorm" (T5LayerNorm),
 * LLaMA's RMSNorm; weight = 1 at init.
 *
 *   const norm = new RMSNorm(512, { eps: 1e-6 });
 *   norm.forward(x);                             // x [B, T, 512] → [B, T, 512]
 */
import { ones, rmsNorm, type Tensor } from '@llm/tensor-core';
import { Module } from './module.js';

export class RMSNorm extends Module {
  readonly weight: Tensor;
  readonly eps: number;

  constructor(
    readonly dim: number,
    options: { eps?: number } = {},
  ) {
    super();
    this.eps = options.eps ?? 1e-6;
    this.weight = this.registerParameter('weight', ones([dim]));
  }

  forward(x: Tensor): Tensor {
    return rmsNorm(x, this.dim, this.weight, this.eps);
  }
}
