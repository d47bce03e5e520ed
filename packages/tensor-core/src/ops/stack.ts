/**
 * Stacks same-shaped tensors along a new axis (torch.stack).
 *
 *   stack([zeros([3]), ones([3])]).shape;   // [2, 3]
 */
import { type OpCheck, rand } from '../op-kit/check.js';
import { fmt, normAxis, ShapeError, sameShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { concat } from './concat.js';

export function stack(tensors: readonly Tensor[], axis = 0): Tensor {
  if (tensors.length === 0) throw new ShapeError('stack: needs at least one tensor');
  const first = tensors[0]!;
  for (const t of tensors) {
    if (!sameShape(t.shape, first.shape))
      throw new ShapeError(`stack: shapes ${fmt(first.shape)} and ${fmt(t.shape)} differ`);
  }
  const a = normAxis('stack', axis, first.ndim + 1);
  return concat(
    tensors.map((t) => t.unsqueeze(a)),
    a,
  );
}

export const stackChecks: OpCheck[] = [
  {
    name: 'stack (axis 1)',
    inputs: (r) => [rand(r, [2, 3]), rand(r, [2, 3])],
    run: (a, b) => stack([a, b], 1),
  },
];
