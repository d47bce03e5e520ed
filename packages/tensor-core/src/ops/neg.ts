/**
 * Elementwise negation, -x.
 *
 *   neg(tensor([1, -2])).toArray();
 */
import { type OpCheck, rand } from '../op-kit/check.js';
import { unaryOp } from '../op-kit/unary.js';

export const neg = unaryOp({
  name: 'neg',
  f: (x) => -x,
  df: () => -1,
  gpu: 'return -x;',
});

export const negChecks: OpCheck[] = [
  { name: 'neg', inputs: (rng) => [rand(rng, [3, 5], -2, 2)], run: (x) => neg(x), gpu: true },
];
