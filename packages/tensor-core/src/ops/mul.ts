/**
 * a · b elementwise, broadcasting (either may be a number).
 *
 *   mul(tensor([1, 2, 3]), 2).toArray();   // [2, 4, 6]
 */
import { binaryOp } from '../op-kit/binary.js';
import { type OpCheck, rand } from '../op-kit/check.js';

export const mul = binaryOp({
  name: 'mul',
  f: (x, y) => x * y,
  // ∂(ab)/∂a = b, ∂(ab)/∂b = a
  backward: (g, a, b) => [a.requiresGrad ? g.mul(b) : null, b.requiresGrad ? g.mul(a) : null],
  gpu: 'return x * y;',
});

export const mulChecks: OpCheck[] = [
  {
    name: 'mul (broadcast)',
    inputs: (r) => [rand(r, [2, 3, 4]), rand(r, [3, 1])],
    run: (a, b) => mul(a, b),
    gpu: true,
  },
  { name: 'mul (same tensor twice)', inputs: (r) => [rand(r, [6])], run: (a) => mul(a, a) },
];
