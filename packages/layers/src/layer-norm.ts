/**
 * Layer normalisation over the last axis with learned scale and shift (nn.LayerNorm);
 * weight = 1, bias = 0 at init.
 *
 *   const ln = new LayerNorm(768, { eps: 1e-5 });
 *   ln.forward(x);                               // x [B, T, 768] → [B, T, 768]
 */
import { layerNorm, ones, type Tensor, zeros } from '@llm/tensor-core';
import { Module } from './module.js';

export class LayerNorm extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor;
  readonly eps: number;

  constructor(
    readonly dim: number,
    options: { eps?: number } = {},
  ) {
    super();
    this.eps = options.eps ?? 1e-5;
    this.weight = this.registerParameter('weight', ones([dim]));
    this.bias = this.registerParameter('bias', zeros([dim]));
  }

  forward(x: Tensor): Tensor {
    return layerNorm(x, this.dim, this.weight, this.bias, this.eps);
  }
}
