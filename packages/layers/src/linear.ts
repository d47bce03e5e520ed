/**
 * y = x·Wᵀ + b with W stored [out, in] — nn.Linear, and Hugging Face's name for it.
 * Initialised as HF's `_init_weights`: W ~ N(0, std²) (std = initializer_range), b = 0.
 *
 *   const proj = new Linear(768, 3072);          // weight [3072, 768], bias [3072]
 *   proj.forward(x);                             // x [B, T, 768] → [B, T, 3072]
 */
import { matmul, type Rng, randn, type Tensor, zeros } from '@llm/tensor-core';
import { Module } from './module.js';

export interface InitOptions {
  /** Standard deviation of the normal init (HF's initializer_range; default 0.02). */
  readonly std?: number;
  readonly rng?: Rng;
}

export class Linear extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    options: InitOptions & { bias?: boolean } = {},
  ) {
    super();
    const { std = 0.02, rng, bias = true } = options;
    this.weight = this.registerParameter('weight', randn([outFeatures, inFeatures], { std, rng }));
    this.bias = bias ? this.registerParameter('bias', zeros([outFeatures])) : null;
  }

  forward(x: Tensor): Tensor {
    const y = matmul(x, this.weight, { transB: true }); // [..., in] · [out, in]ᵀ → [..., out]
    return this.bias ? y.add(this.bias) : y;
  }
}

/**
 * GPT-2's Conv1D: a linear layer with W stored [in, out] (y = x·W + b), kept under its
 * own name so GPT-2 checkpoints load without transposing.
 *
 *   const cAttn = new Conv1D(768, 3 * 768);      // weight [768, 2304]
 */
export class Conv1D extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    options: InitOptions & { bias?: boolean } = {},
  ) {
    super();
    const { std = 0.02, rng, bias = true } = options;
    this.weight = this.registerParameter('weight', randn([inFeatures, outFeatures], { std, rng }));
    this.bias = bias ? this.registerParameter('bias', zeros([outFeatures])) : null;
  }

  forward(x: Tensor): Tensor {
    const y = matmul(x, this.weight); // [..., in] · [in, out] → [..., out]
    return this.bias ? y.add(this.bias) : y;
  }
}
