import { tensor } from '@llm/tensor-core';
import { describe, expect, it } from 'vitest';
import { clipGradNorm, gradNorm } from './clip-grad-norm.js';

const withGrad = (values: number[], grad: number[] | null) => {
  const p = tensor(values, { requiresGrad: true });
  p.grad = grad ? tensor(grad) : null;
  return p;
};

describe('gradNorm / clipGradNorm (torch.nn.utils.clip_grad_norm_)', () => {
  it('returns the global L2 norm over every gradient, skipping parameters without one', () => {
    expect(gradNorm([withGrad([0, 0], [3, 0]), withGrad([0], [4]), withGrad([1], null)])).toBe(5);
  });

  it('scales every gradient by maxNorm / (norm + 1e-6) when the norm is larger, and returns the norm before', () => {
    const a = withGrad([0, 0], [3, 0]);
    const b = withGrad([0], [4]);
    expect(clipGradNorm([a, b], 1)).toBe(5);
    const coef = Math.fround(1 / (5 + 1e-6));
    expect([...a.grad!.data]).toEqual([Math.fround(3 * coef), 0]);
    expect([...b.grad!.data]).toEqual([Math.fround(4 * coef)]);
    expect(gradNorm([a, b])).toBeCloseTo(1, 5);
  });

  it('leaves gradients under the limit alone', () => {
    const a = withGrad([0, 0], [0.3, 0.4]);
    expect(clipGradNorm([a], 1)).toBeCloseTo(0.5, 7);
    expect([...a.grad!.data]).toEqual([Math.fround(0.3), Math.fround(0.4)]);
  });

  it('reports a non-finite norm without touching the gradients', () => {
    const a = withGrad([0, 0], [Number.NaN, 1]);
    const b = withGrad([0], [2]);
    expect(clipGradNorm([a, b], 1)).toBeNaN();
    expect([...b.grad!.data]).toEqual([2]);
    expect(gradNorm([withGrad([0], [Number.POSITIVE_INFINITY])])).toBe(Number.POSITIVE_INFINITY);
    expect(() => clipGradNorm([a], 0)).toThrow(/maxNorm must be > 0/);
  });
});
