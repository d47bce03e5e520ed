import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('@llm/layers public API', () => {
  it('exports the building blocks', () => {
    for (const name of [
      'Module',
      'ModuleList',
      'Linear',
      'Conv1D',
      'Embedding',
      'LayerNorm',
      'RMSNorm',
      'Dropout',
      'MultiHeadAttention',
      'KVCache',
      'RelativePositionBias',
      'FeedForward',
      'sinusoidalPositions',
      'LearnedPositionalEmbedding',
      'PreLNEncoderBlock',
      'PostLNEncoderBlock',
      'PreLNDecoderBlock',
      'PostLNDecoderBlock',
      'Transformer',
    ]) {
      expect(api, name).toHaveProperty(name);
    }
  });
});
