/**
 * Elementwise square root.
 *
 *   sqrt(tensor([4, 9])).toArray();
 */
import { type OpCheck, rand } from '../op-kit/check.js';
import { unaryOp } from '../op-kit/unary.js';

export const sqrt = unaryOp({
  name: 'sqrt',
  f: Math.sqrt,
  // d/dx √x = 1 / (2√x)
  df: (_x, y) => 0.5 / y,
  gpu: 'return Math.sqrt(x);',
});

export const sqrtChecks: OpCheck[] = [
  { name: 'sqrt', inputs: (rng) => [rand(rng, [3, 5], 0.5, 3)], run: (x) => sqrt(x), gpu: true },
];
