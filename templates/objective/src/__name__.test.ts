import { Rng } from '@llm/tensor-core';
import { describe, expect, it } from 'vitest';
import { __camelName__ } from './index.js';

describe('__camelName__', () => {
  it('masks padding out of the labels', () => {
    const batch = __camelName__().makeBatch([Int32Array.of(5, 6, 7), Int32Array.of(8)], new Rng(0));
    expect(Array.from(batch.labels.data)).toEqual([5, 6, 7, 8, -100, -100]);
  });
});
