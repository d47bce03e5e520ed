/**
 * Variance over the given axes with Bessel's correction by default (torch.var:
 * correction = 1; pass 0 for the population variance that layer norm uses).
 *
 *   variance(tensor([1, 2, 3, 4])).item();                    // 1.6667
 *   tensor([1, 2, 3, 4]).var(undefined, { correction: 0 });   // 1.25
 */
import { type OpCheck, rand } from '../op-kit/check.js';
import { reducedShapes } from '../op-kit/reduce.js';
import type { Tensor } from '../tensor.js';
import { div } from './div.js';
import { mean } from './mean.js';
import { mul } from './mul.js';
import { sub } from './sub.js';
import { sum } from './sum.js';

export interface VarianceOptions {
  readonly keepdim?: boolean;
  readonly correction?: number;
}

export function variance(
  x: Tensor,
  axis?: number | readonly number[],
  options: VarianceOptions = {},
): Tensor {
  const { keepdim = false, correction = 1 } = options;
  const { count } = reducedShapes('var', x.shape, axis, keepdim);
  const centred = sub(x, mean(x, axis, true));
  return div(sum(mul(centred, centred), axis, keepdim), Math.max(0, count - correction));
}

export const varianceChecks: OpCheck[] = [
  { name: 'var (all)', inputs: (r) => [rand(r, [3, 4])], run: (x) => variance(x) },
  {
    name: 'var (axis 1, population, keepdim)',
    inputs: (r) => [rand(r, [2, 5, 3])],
    run: (x) => variance(x, 1, { correction: 0, keepdim: true }),
  },
];
