/**
 * A pre-norm residual sub-layer, x + dropout(f(norm(x))) — T5's T5LayerSelfAttention,
 * T5LayerCrossAttention and T5LayerFF, each of which owns its norm, its layer and its
 * dropout under Hugging Face's names (`layer.0.layer_norm`, `layer.0.SelfAttention`).
 *
 *   const sub = new PreNormResidual({ layer: ff, layerName: 'DenseReluDense', norm: new RMSNorm(512) });
 *   sub.forward(x);                                             // x [B, T, C] → [B, T, C]
 *   attnSub.forward(x, (attn, h) => attn.forward(h, { kv: memory }));   // how the layer is called
 */
import type { Tensor } from '@llm/tensor-core';
import { Dropout } from './dropout.js';
import type { Layer } from './encoder-block.js';
import { Module } from './module.js';

export interface PreNormResidualParts<L extends Module> {
  readonly layer: L;
  readonly layerName: string;
  readonly norm: Layer;
  /** Default 'layer_norm' (T5's). */
  readonly normName?: string;
  readonly dropout?: number;
}

export class PreNormResidual<L extends Module> extends Module {
  readonly layer: L;
  readonly norm: Layer;
  readonly dropout: Dropout;

  constructor(parts: PreNormResidualParts<L>) {
    super();
    this.layer = this.registerModule(parts.layerName, parts.layer);
    this.norm = this.registerModule(parts.normName ?? 'layer_norm', parts.norm);
    this.dropout = this.registerModule('dropout', new Dropout(parts.dropout ?? 0));
  }

  /** `call` says how the layer takes the normed input (default: `layer.forward(h)`). */
  forward(x: Tensor, call: (layer: L, h: Tensor) => Tensor = defaultCall): Tensor {
    return x.add(this.dropout.forward(call(this.layer, this.norm.forward(x)))); // [B, T, C]
  }
}

function defaultCall(layer: Module, h: Tensor): Tensor {
  return (layer as unknown as Layer).forward(h);
}
