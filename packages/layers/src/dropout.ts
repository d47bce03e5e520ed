/**
 * Dropout that follows its module's train / eval mode (nn.Dropout).
 *
 *   const drop = new Dropout(0.1);
 *   drop.forward(x);            // training: zeroes ~10 %, scales the rest by 1/0.9
 *   model.eval(); drop.forward(x) === x;
 */
import { defaultRng, dropout, type Rng, type Tensor } from '@llm/tensor-core';
import { Module } from './module.js';

export class Dropout extends Module {
  constructor(
    readonly p: number,
    private readonly rng?: Rng,
  ) {
    super();
    if (!(p >= 0 && p < 1)) throw new RangeError(`Dropout: p must be in [0, 1), got ${p}`);
  }

  forward(x: Tensor): Tensor {
    if (!this.training || this.p === 0) return x;
    return dropout(x, this.p, { training: true, rng: this.rng ?? defaultRng() });
  }
}
