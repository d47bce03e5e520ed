/**
 * The original "Attention Is All You Need" encoder–decoder: shared token embeddings scaled
 * by √C, fixed sinusoidal positions, N post-LN encoder and decoder blocks, and an output
 * projection tied to the embeddings. Composed from this package's blocks.
 *
 *   const model = new Transformer({ vocabSize: 1000, embedDim: 512, numHeads: 8, hiddenDim: 2048, numLayers: 6 });
 *   const logits = model.forward(sourceIds, targetInputIds);   // [B, T], [B, U] → [B, U, V]
 */
import type { Rng, Tensor } from '@llm/tensor-core';
import { PostLNDecoderBlock } from './decoder-block.js';
import { Dropout } from './dropout.js';
import { Embedding } from './embedding.js';
import { PostLNEncoderBlock } from './encoder-block.js';
import { Module, ModuleList } from './module.js';
import { sinusoidalPositions } from './positional.js';

export interface TransformerConfig {
  readonly vocabSize: number;
  readonly embedDim: number;
  readonly numHeads: number;
  readonly hiddenDim: number;
  readonly numLayers: number;
  readonly dropout?: number;
  readonly rng?: Rng;
}

export class Transformer extends Module {
  readonly embedding: Embedding;
  readonly encoderLayers: ModuleList<PostLNEncoderBlock>;
  readonly decoderLayers: ModuleList<PostLNDecoderBlock>;
  readonly dropout: Dropout;

  constructor(readonly config: TransformerConfig) {
    super();
    const { vocabSize: V, embedDim: C, numLayers: N, rng } = config;
    const block = { ...config, std: C ** -0.5 };
    this.embedding = this.registerModule(
      'embed_tokens',
      new Embedding(V, C, { std: C ** -0.5, rng }),
    );
    this.encoderLayers = this.registerModule(
      'encoder',
      new ModuleList(Array.from({ length: N }, () => new PostLNEncoderBlock(block))),
    );
    this.decoderLayers = this.registerModule(
      'decoder',
      new ModuleList(Array.from({ length: N }, () => new PostLNDecoderBlock(block))),
    );
    this.dropout = this.registerModule('dropout', new Dropout(config.dropout ?? 0, rng));
  }

  /** token ids [B, T] → embeddings · √C + positions, [B, T, C] */
  private embed(ids: Tensor): Tensor {
    const [, T] = ids.shape as [number, number];
    const C = this.config.embedDim;
    return this.dropout.forward(
      this.embedding.forward(ids).mul(Math.sqrt(C)).add(sinusoidalPositions(T, C)),
    );
  }

  encode(source: Tensor, sourceMask?: Tensor): Tensor {
    let x = this.embed(source);
    for (const layer of this.encoderLayers) x = layer.forward(x, { keyPaddingMask: sourceMask });
    return x; // [B, T, C]
  }

  forward(source: Tensor, target: Tensor, sourceMask?: Tensor): Tensor {
    const memory = this.encode(source, sourceMask);
    let y = this.embed(target);
    for (const layer of this.decoderLayers)
      y = layer.forward(y, memory, { memoryPaddingMask: sourceMask });
    return y.matmul(this.embedding.weight, { transB: true }); // [B, U, V]
  }
}
