/**
 * A lookup table: int32 ids [...] → vectors [..., dim] (nn.Embedding), W ~ N(0, std²).
 * The gradient scatter-adds into the rows that were looked up.
 *
 *   const wte = new Embedding(50257, 768);
 *   wte.forward(ids);                            // ids [B, T] → [B, T, 768]
 */
import { indexSelect, randn, type Tensor } from '@llm/tensor-core';
import type { InitOptions } from './linear.js';
import { Module } from './module.js';

export class Embedding extends Module {
  weight: Tensor;

  constructor(
    readonly numEmbeddings: number,
    readonly embeddingDim: number,
    options: InitOptions = {},
  ) {
    super();
    const { std = 0.02, rng } = options;
    this.weight = this.registerParameter(
      'weight',
      randn([numEmbeddings, embeddingDim], { std, rng }),
    );
  }

  forward(ids: Tensor): Tensor {
    return indexSelect(this.weight, 0, ids);
  }
}
