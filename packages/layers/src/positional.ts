/**
 * Position information added to token embeddings: the original Transformer's fixed
 * sinusoids, or a learned table (GPT-2, BERT).
 *
 *   sinusoidalPositions(100, 512);                 // [100, 512]: PE(p, 2i) = sin(p / 10000^(2i/C)), PE(p, 2i+1) = cos(…)
 *   const learned = new LearnedPositionalEmbedding(1024, 768);
 *   learned.forward(T, offset);                    // [T, C] for positions offset … offset + T − 1
 */
import { arange, type Rng, type Tensor, tensor } from '@llm/tensor-core';
import { Embedding } from './embedding.js';
import { Module } from './module.js';

export function sinusoidalPositions(length: number, dim: number, offset = 0): Tensor {
  const data = new Float32Array(length * dim);
  for (let p = 0; p < length; p++) {
    for (let i = 0; i < dim; i += 2) {
      const angle = (p + offset) / 10000 ** (i / dim);
      data[p * dim + i] = Math.sin(angle);
      if (i + 1 < dim) data[p * dim + i + 1] = Math.cos(angle);
    }
  }
  return tensor(data, [length, dim]);
}

export class LearnedPositionalEmbedding extends Module {
  readonly table: Embedding;

  constructor(maxLength: number, dim: number, options: { std?: number; rng?: Rng } = {}) {
    super();
    this.table = this.registerModule('embedding', new Embedding(maxLength, dim, options));
  }

  forward(length: number, offset = 0): Tensor {
    if (offset + length > this.table.numEmbeddings) {
      throw new Error(
        `LearnedPositionalEmbedding: position ${offset + length - 1} is past the table of ${this.table.numEmbeddings}`,
      );
    }
    return this.table.forward(arange(offset, offset + length)); // [T, C]
  }
}
