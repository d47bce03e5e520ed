/**
 * The position-wise feed-forward network: C → F → C, with any activation of the shared
 * table (HF's spellings), optionally gated (T5 v1.1: act(x·W0) ⊙ (x·W1)), with Linear or
 * GPT-2's Conv1D layers and Hugging Face's module names.
 *
 *   const ff = new FeedForward({ embedDim: 512, hiddenDim: 2048, activation: 'relu' });
 *   ff.forward(x);                         // x [B, T, C] → [B, T, C]
 *   // GPT-2's MLP: c_fc / c_proj as Conv1D, tanh GELU
 *   new FeedForward({ embedDim: 768, hiddenDim: 3072, activation: 'gelu_new', layer: Conv1D,
 *     names: { input: 'c_fc', output: 'c_proj' } });
 */
import type { Rng, Tensor } from '@llm/tensor-core';
import { type Activation, activation } from './activations.js';
import { Dropout } from './dropout.js';
import { type Conv1D, Linear } from './linear.js';
import { Module } from './module.js';

/** Either projection layer: Linear (W [out, in]) or GPT-2's Conv1D (W [in, out]). */
export type ProjectionLayer = typeof Linear | typeof Conv1D;

export interface FeedForwardConfig {
  readonly embedDim: number;
  readonly hiddenDim: number;
  /**
   * An activation of the shared table ('relu', 'gelu', 'gelu_new', 'silu', …); the legacy
   * 'gelu_tanh' means 'gelu_new' and 'gated-gelu' means gated 'gelu_new'. Default 'relu'.
   */
  readonly activation?: string;
  /** act(x·W_in) ⊙ (x·W_gate) (T5 v1.1, LLaMA's SwiGLU with 'silu'). */
  readonly gated?: boolean;
  readonly bias?: boolean;
  /** Dropout on the hidden activations (T5's place; GPT-2 drops after the output instead). */
  readonly dropout?: number;
  /** std of the input projection(s) and of the output one (default: the same). */
  readonly std?: number;
  readonly outputStd?: number;
  readonly layer?: ProjectionLayer;
  /** HF module names (default fc1 / gate / fc2). */
  readonly names?: { readonly input: string; readonly gate?: string; readonly output: string };
  readonly rng?: Rng;
}

export class FeedForward extends Module {
  readonly fc1: Linear | Conv1D;
  readonly gate: Linear | Conv1D | null;
  readonly fc2: Linear | Conv1D;
  readonly dropout: Dropout;
  private readonly act: Activation;

  constructor(readonly config: FeedForwardConfig) {
    super();
    const { embedDim: C, hiddenDim: F, bias = true, std, rng, layer: Layer = Linear } = config;
    const legacyGated = config.activation === 'gated-gelu';
    const name =
      legacyGated || config.activation === 'gelu_tanh' ? 'gelu_new' : (config.activation ?? 'relu');
    this.act = activation(name, 'FeedForward');
    const names = config.names ?? { input: 'fc1', gate: 'gate', output: 'fc2' };
    const make = (n: string, i: number, o: number, s: number | undefined) =>
      this.registerModule(n, new Layer(i, o, { bias, std: s, rng }));
    this.fc1 = make(names.input, C, F, std);
    this.gate = config.gated || legacyGated ? make(names.gate ?? 'gate', C, F, std) : null;
    this.fc2 = make(names.output, F, C, config.outputStd ?? std);
    this.dropout = this.registerModule('dropout', new Dropout(config.dropout ?? 0));
  }

  forward(x: Tensor): Tensor {
    const a = this.act(this.fc1.forward(x)); // [B, T, F]
    const h = this.gate ? a.mul(this.gate.forward(x)) : a;
    return this.fc2.forward(this.dropout.forward(h)); // [B, T, C]
  }
}
