/**
 * a / b elementwise, broadcasting (either may be a number).
 *
 *   div(tensor([1, 2]), tensor([4, 8])).toArray();   // [0.25, 0.25]
 */
import { binaryOp } from '../op-kit/binary.js';
import { type OpCheck, rand } from '../op-kit/check.js';

export const div = binaryOp({
  name: 'div',
  f: (x, y) => x / y,
  // ∂(a/b)/∂a = 1/b, ∂(a/b)/∂b = -a/b² = -out/b
  backward: (g, a, b, out) => [
    a.requiresGrad ? g.div(b) : null,
    b.requiresGrad ? g.mul(out).div(b).neg() : null,
  ],
  gpu: 'return x / y;',
});

export const divChecks: OpCheck[] = [
  {
    name: 'div (broadcast)',
    inputs: (r) => [rand(r, [3, 4]), rand(r, [4], 0.5, 2)],
    run: (a, b) => div(a, b),
    gpu: true,
  },
  { name: 'div (number first)', inputs: (r) => [rand(r, [5], 0.5, 2)], run: (b) => div(1, b) },
];
