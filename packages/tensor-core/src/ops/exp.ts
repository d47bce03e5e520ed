/**
 * Elementwise e^x.
 *
 *   exp(tensor([0, 1])).toArray();
 */
import { type OpCheck, rand } from '../op-kit/check.js';
import { unaryOp } from '../op-kit/unary.js';

export const exp = unaryOp({
  name: 'exp',
  f: Math.exp,
  // d/dx e^x = e^x
  df: (_x, y) => y,
  gpu: 'return Math.exp(x);',
});

export const expChecks: OpCheck[] = [
  { name: 'exp', inputs: (rng) => [rand(rng, [3, 5], -2, 2)], run: (x) => exp(x), gpu: true },
];
