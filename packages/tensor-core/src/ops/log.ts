/**
 * Elementwise natural logarithm (NaN below 0, -Infinity at 0, as PyTorch).
 *
 *   log(tensor([1, Math.E])).toArray();
 */
import { type OpCheck, rand } from '../op-kit/check.js';
import { unaryOp } from '../op-kit/unary.js';

export const log = unaryOp({
  name: 'log',
  f: Math.log,
  // d/dx ln x = 1/x
  df: (x) => 1 / x,
  gpu: 'return Math.log(x);',
});

export const logChecks: OpCheck[] = [
  { name: 'log', inputs: (rng) => [rand(rng, [3, 5], 0.5, 3)], run: (x) => log(x), gpu: true },
];
