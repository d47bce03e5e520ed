/**
 * a - b, broadcasting (either may be a number).
 *
 *   sub(tensor([5, 7]), 1).toArray();   // [4, 6]
 */
import { binaryOp } from '../op-kit/binary.js';
import { type OpCheck, rand } from '../op-kit/check.js';

export const sub = binaryOp({
  name: 'sub',
  f: (x, y) => x - y,
  backward: (g) => [g, g.neg()],
  gpu: 'return x - y;',
});

export const subChecks: OpCheck[] = [
  {
    name: 'sub (broadcast)',
    inputs: (r) => [rand(r, [4, 1]), rand(r, [3])],
    run: (a, b) => sub(a, b),
    gpu: true,
  },
  { name: 'sub (number first)', inputs: (r) => [rand(r, [2, 3])], run: (a) => sub(1, a) },
];
