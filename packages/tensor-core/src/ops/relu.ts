/**
 * Elementwise max(x, 0).
 *
 *   relu(tensor([-1, 2])).toArray();
 */
import { type OpCheck, rand } from '../op-kit/check.js';
import { unaryOp } from '../op-kit/unary.js';

export const relu = unaryOp({
  name: 'relu',
  f: (x) => Math.max(x, 0), // NaN stays NaN, as PyTorch
  // gradient 0 at 0, as PyTorch
  df: (x) => (x > 0 ? 1 : 0),
  gpu: 'return Math.max(x, 0);',
});

export const reluChecks: OpCheck[] = [
  { name: 'relu', inputs: (rng) => [rand(rng, [3, 5], -2, 2)], run: (x) => relu(x), gpu: true },
];
