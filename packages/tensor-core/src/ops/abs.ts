/**
 * Elementwise |x|.
 *
 *   abs(tensor([-1, 2])).toArray();
 */
import { type OpCheck, rand } from '../op-kit/check.js';
import { unaryOp } from '../op-kit/unary.js';

export const abs = unaryOp({
  name: 'abs',
  f: Math.abs,
  // sign(x); 0 at 0, as PyTorch
  df: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0),
  gpu: 'return Math.abs(x);',
});

export const absChecks: OpCheck[] = [
  { name: 'abs', inputs: (rng) => [rand(rng, [3, 5], -2, 2)], run: (x) => abs(x), gpu: true },
];
