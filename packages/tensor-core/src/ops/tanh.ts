/**
 * Elementwise hyperbolic tangent.
 *
 *   tanh(tensor([0, 1])).toArray();
 */
import { type OpCheck, rand } from '../op-kit/check.js';
import { unaryOp } from '../op-kit/unary.js';

export const tanh = unaryOp({
  name: 'tanh',
  f: Math.tanh,
  // d/dx tanh x = 1 - tanh² x
  df: (_x, y) => 1 - y * y,
  gpu: 'return Math.tanh(x);',
});

export const tanhChecks: OpCheck[] = [
  { name: 'tanh', inputs: (rng) => [rand(rng, [3, 5], -3, 3)], run: (x) => tanh(x), gpu: true },
];
