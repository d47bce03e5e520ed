/**
 * Elementwise logistic sigmoid 1 / (1 + e^-x).
 *
 *   sigmoid(tensor([0, 2])).toArray();
 */
import { type OpCheck, rand } from '../op-kit/check.js';
import { unaryOp } from '../op-kit/unary.js';

export const sigmoid = unaryOp({
  name: 'sigmoid',
  f: (x) => 1 / (1 + Math.exp(-x)),
  // σ'(x) = σ(x)(1 - σ(x))
  df: (_x, y) => y * (1 - y),
  gpu: 'return 1 / (1 + Math.exp(-x));',
});

export const sigmoidChecks: OpCheck[] = [
  {
    name: 'sigmoid',
    inputs: (rng) => [rand(rng, [3, 5], -4, 4)],
    run: (x) => sigmoid(x),
    gpu: true,
  },
];
