/**
 * Elementwise 1/√x (the reciprocal square root norms use).
 *
 *   rsqrt(tensor([4, 0.25])).toArray();
 */
import { type OpCheck, rand } from '../op-kit/check.js';
import { unaryOp } from '../op-kit/unary.js';

export const rsqrt = unaryOp({
  name: 'rsqrt',
  f: (x) => 1 / Math.sqrt(x),
  // d/dx x^-½ = -½ x^-3/2 = -½ y³
  df: (_x, y) => -0.5 * y * y * y,
  gpu: 'return 1 / Math.sqrt(x);',
});

export const rsqrtChecks: OpCheck[] = [
  { name: 'rsqrt', inputs: (rng) => [rand(rng, [3, 5], 0.5, 3)], run: (x) => rsqrt(x), gpu: true },
];
