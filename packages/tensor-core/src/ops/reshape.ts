/**
 * The same values in a new shape (one axis may be -1, inferred). Shares storage, as a
 * view does in PyTorch: storage is always contiguous, so any reshape is a view.
 *
 *   reshape(arange(6), [2, -1]).shape;   // [2, 3]
 */
import { record } from '../autograd.js';
import { type OpCheck, rand } from '../op-kit/check.js';
import { fmt, ShapeError } from '../shape.js';
import { Tensor } from '../tensor.js';

export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const inferred = shape.indexOf(-1);
  if (inferred !== shape.lastIndexOf(-1))
    throw new ShapeError(`reshape: only one axis can be -1 in ${fmt(shape)}`);
  const target = [...shape];
  if (inferred !== -1) {
    const known = shape.reduce((p, d, i) => (i === inferred ? p : p * d), 1);
    if (known === 0 || x.size % known !== 0) {
      throw new ShapeError(
        `reshape: cannot view ${fmt(x.shape)} (${x.size} values) as ${fmt(shape)}`,
      );
    }
    target[inferred] = x.size / known;
  }
  if (
    target.some((d) => !Number.isInteger(d) || d < 0) ||
    target.reduce((p, d) => p * d, 1) !== x.size
  ) {
    throw new ShapeError(
      `reshape: cannot view ${fmt(x.shape)} (${x.size} values) as ${fmt(shape)}`,
    );
  }
  return record(new Tensor(x.data, target), 'reshape', [x], (g) => [new Tensor(g.data, x.shape)]);
}

export const reshapeChecks: OpCheck[] = [
  {
    name: 'reshape',
    inputs: (r) => [rand(r, [2, 6])],
    run: (x) => reshape(x, [3, -1]).mul(reshape(x, [3, 4])),
  },
];
