/**
 * Picks whole slices along an axis by int32 index — the embedding lookup
 * (`indexSelect(weight, 0, ids)` for ids of any shape gives [...ids.shape, C]).
 * The gradient scatter-adds into the picked rows.
 *
 *   indexSelect(tensor([[1, 1], [2, 2], [3, 3]]), 0, tensor([2, 0], { dtype: 'int32' }));
 *   // [[3, 3], [1, 1]]
 */
import { record } from '../autograd.js';
import { allocate } from '../dtype.js';
import { type OpCheck, rand, randInt } from '../op-kit/check.js';
import { normAxis, ShapeError } from '../shape.js';
import { Tensor } from '../tensor.js';

export function indexSelect(x: Tensor, axis: number, index: Tensor): Tensor {
  if (index.dtype !== 'int32') throw new TypeError('indexSelect: index must be int32');
  const a = normAxis('indexSelect', axis, x.ndim);
  const len = x.shape[a]!;
  const outer = x.shape.slice(0, a).reduce((p, d) => p * d, 1);
  const inner = x.shape.slice(a + 1).reduce((p, d) => p * d, 1);
  const ids = index.data;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id < 0 || id >= len)
      throw new ShapeError(
        `indexSelect: index ${id} is out of range for axis ${axis} of size ${len}`,
      );
  }
  const shape = [...x.shape.slice(0, a), ...index.shape, ...x.shape.slice(a + 1)];
  const m = ids.length;
  const out = allocate(x.dtype, outer * m * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < m; i++) {
      const from = (o * len + ids[i]!) * inner;
      out.set(x.data.subarray(from, from + inner), (o * m + i) * inner);
    }
  }
  return record(new Tensor(out, shape), 'indexSelect', [x], (g) => {
    const gx = allocate(x.dtype, x.size);
    const gs = g.data;
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < m; i++) {
        const to = (o * len + ids[i]!) * inner;
        const from = (o * m + i) * inner;
        for (let j = 0; j < inner; j++) gx[to + j] = gx[to + j]! + gs[from + j]!;
      }
    }
    return [new Tensor(gx, x.shape)];
  });
}

export const indexSelectChecks: OpCheck[] = [
  {
    name: 'indexSelect (embedding, repeated ids)',
    inputs: (r) => [rand(r, [5, 3]), randInt(r, [2, 4], 5)],
    run: (w, ids) => indexSelect(w, 0, ids),
  },
  {
    name: 'indexSelect (axis 1)',
    inputs: (r) => [rand(r, [2, 4, 3]), randInt(r, [3], 4)],
    run: (x, ids) => indexSelect(x, 1, ids),
  },
];
