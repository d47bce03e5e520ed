/**
 * a + b, broadcasting (either may be a number).
 *
 *   add(tensor([[1, 2], [3, 4]]), tensor([10, 20])).toArray();   // [[11, 22], [13, 24]]
 */
import { binaryOp } from '../op-kit/binary.js';
import { type OpCheck, rand } from '../op-kit/check.js';

export const add = binaryOp({
  name: 'add',
  f: (x, y) => x + y,
  backward: (g) => [g, g],
  gpu: 'return x + y;',
});

export const addChecks: OpCheck[] = [
  {
    name: 'add',
    inputs: (r) => [rand(r, [3, 4]), rand(r, [3, 4])],
    run: (a, b) => add(a, b),
    gpu: true,
  },
  {
    name: 'add (broadcast)',
    inputs: (r) => [rand(r, [2, 1, 4]), rand(r, [3, 1])],
    run: (a, b) => add(a, b),
    gpu: true,
  },
  { name: 'add (number)', inputs: (r) => [rand(r, [5])], run: (a) => add(a, 2.5) },
];
