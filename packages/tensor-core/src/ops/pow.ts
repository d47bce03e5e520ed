/**
 * a^b elementwise, broadcasting; b is usually a number (`x.pow(2)`).
 *
 *   pow(tensor([2, 3]), 2).toArray();   // [4, 9]
 */
import { binaryOp } from '../op-kit/binary.js';
import { type OpCheck, rand } from '../op-kit/check.js';

export const pow = binaryOp({
  name: 'pow',
  f: (x, y) => x ** y,
  // ∂(a^b)/∂a = b·a^(b-1), ∂(a^b)/∂b = a^b · ln a
  backward: (g, a, b, out) => [
    a.requiresGrad ? g.mul(b).mul(a.pow(b.sub(1))) : null,
    b.requiresGrad ? g.mul(out).mul(a.log()) : null,
  ],
  gpu: 'return Math.pow(x, y);',
});

export const powChecks: OpCheck[] = [
  { name: 'pow (number exponent)', inputs: (r) => [rand(r, [3, 4])], run: (a) => pow(a, 3) },
  {
    name: 'pow (tensor exponent)',
    inputs: (r) => [rand(r, [3, 4], 0.5, 2), rand(r, [4], -1, 2)],
    run: (a, b) => pow(a, b),
    gpu: true,
  },
];
