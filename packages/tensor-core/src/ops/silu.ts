/**
 * Elementwise SiLU (swish), x·σ(x).
 *
 *   silu(tensor([-1, 2])).toArray();
 */
import { type OpCheck, rand } from '../op-kit/check.js';
import { unaryOp } from '../op-kit/unary.js';

export const silu = unaryOp({
  name: 'silu',
  f: (x) => x / (1 + Math.exp(-x)),
  // d/dx xσ(x) = σ(x)(1 + x(1 - σ(x)))
  df: (x) => {
    const s = 1 / (1 + Math.exp(-x));
    return s * (1 + x * (1 - s));
  },
  gpu: 'return x / (1 + Math.exp(-x));',
});

export const siluChecks: OpCheck[] = [
  { name: 'silu', inputs: (rng) => [rand(rng, [3, 5], -3, 3)], run: (x) => silu(x), gpu: true },
];
