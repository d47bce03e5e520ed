/**
 * The position-wise feed-forward network: C → F → C with ReLU, GELU, or a gated GELU
 * (T5 v1.1: gelu(x·W0) ⊙ (x·W1)).
 *
 *   const ff = new FeedForward({ embedDim: 512, hiddenDim: 2048, activation: 'relu' });
 *   ff.forward(x);                         // x [B, T, C] → [B, T, C]
 */
import type { Rng, Tensor } from '@llm/tensor-core';
import { Dropout } from './dropout.js';
import { Linear } from './linear.js';
import { Module } from './module.js';

export interface FeedForwardConfig {
  readonly embedDim: number;
  readonly hiddenDim: number;
  readonly activation?: 'relu' | 'gelu' | 'gelu_tanh' | 'gated-gelu';
  readonly bias?: boolean;
  readonly dropout?: number;
  readonly std?: number;
  readonly rng?: Rng;
}

export class FeedForward extends Module {
  readonly fc1: Linear;
  readonly gate: Linear | null;
  readonly fc2: Linear;
  readonly dropout: Dropout;

  constructor(readonly config: FeedForwardConfig) {
    super();
    const { embedDim: C, hiddenDim: F, bias = true, std, rng, activation = 'relu' } = config;
    this.fc1 = this.registerModule('fc1', new Linear(C, F, { bias, std, rng }));
    this.gate =
      activation === 'gated-gelu'
        ? this.registerModule('gate', new Linear(C, F, { bias, std, rng }))
        : null;
    this.fc2 = this.registerModule('fc2', new Linear(F, C, { bias, std, rng }));
    this.dropout = this.registerModule('dropout', new Dropout(config.dropout ?? 0, rng));
  }

  forward(x: Tensor): Tensor {
    const h = this.fc1.forward(x); // [B, T, F]
    const a = (() => {
      switch (this.config.activation ?? 'relu') {
        case 'relu':
          return h.relu();
        case 'gelu':
          return h.gelu();
        case 'gelu_tanh':
          return h.gelu('tanh');
        default:
          return h.gelu('tanh').mul(this.gate!.forward(x));
      }
    })();
    return this.fc2.forward(this.dropout.forward(a)); // [B, T, C]
  }
}
