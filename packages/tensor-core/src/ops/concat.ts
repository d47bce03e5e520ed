/**
 * Joins tensors along an existing axis (torch.cat); all other axes must match.
 *
 *   concat([zeros([2, 3]), ones([1, 3])], 0).shape;   // [3, 3]
 */
import { record } from '../autograd.js';
import { allocate, promote } from '../dtype.js';
import { type OpCheck, rand } from '../op-kit/check.js';
import { fmt, normAxis, ShapeError } from '../shape.js';
import { Tensor } from '../tensor.js';

export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  if (tensors.length === 0) throw new ShapeError('concat: needs at least one tensor');
  const first = tensors[0]!;
  const a = normAxis('concat', axis, first.ndim);
  for (const t of tensors) {
    const ok = t.ndim === first.ndim && t.shape.every((d, i) => i === a || d === first.shape[i]);
    if (!ok)
      throw new ShapeError(
        `concat: shapes ${tensors.map((s) => fmt(s.shape)).join(', ')} differ off axis ${axis}`,
      );
  }
  const dtype = tensors.map((t) => t.dtype).reduce(promote);
  const parts = tensors.map((t) => (t.dtype === dtype ? t : t.to(dtype)));
  const outer = first.shape.slice(0, a).reduce((p, d) => p * d, 1);
  const inner = first.shape.slice(a + 1).reduce((p, d) => p * d, 1);
  const total = parts.reduce((s, t) => s + t.shape[a]!, 0);
  const shape = [...first.shape];
  shape[a] = total;
  const out = allocate(dtype, outer * total * inner);
  let offset = 0;
  for (const t of parts) {
    const block = t.shape[a]! * inner;
    for (let o = 0; o < outer; o++)
      out.set(t.data.subarray(o * block, (o + 1) * block), (o * total + offset) * inner);
    offset += t.shape[a]!;
  }
  return record(new Tensor(out, shape), 'concat', parts, (g) => {
    let start = 0;
    return parts.map((t) => {
      const block = t.shape[a]! * inner;
      const gt = allocate(dtype, t.size);
      for (let o = 0; o < outer; o++)
        gt.set(
          g.data.subarray((o * total + start) * inner, (o * total + start) * inner + block),
          o * block,
        );
      start += t.shape[a]!;
      return new Tensor(gt, t.shape);
    });
  });
}

export const concatChecks: OpCheck[] = [
  {
    name: 'concat (axis 1)',
    inputs: (r) => [rand(r, [2, 3]), rand(r, [2, 1])],
    run: (a, b) => concat([a, b], 1),
  },
  {
    name: 'concat (axis 0, three)',
    inputs: (r) => [rand(r, [1, 3]), rand(r, [2, 3]), rand(r, [1, 3])],
    run: (a, b, c) => concat([a, b, c]),
  },
];
