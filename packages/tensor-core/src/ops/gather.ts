/**
 * torch.gather: out[i][j][k] = x[i][index[i][j][k]][k] for axis 1 (likewise for any axis);
 * `index` has the same number of axes as x, and its shape is the output's.
 *
 *   gather(logProbs, -1, targets.unsqueeze(-1));   // pick each row's target
 */
import { record } from '../autograd.js';
import { allocate } from '../dtype.js';
import { type OpCheck, rand, randInt } from '../op-kit/check.js';
import { fmt, normAxis, ShapeError, stridesOf } from '../shape.js';
import { Tensor } from '../tensor.js';

export function gather(x: Tensor, axis: number, index: Tensor): Tensor {
  if (index.dtype !== 'int32') throw new TypeError('gather: index must be int32');
  const a = normAxis('gather', axis, x.ndim);
  if (index.ndim !== x.ndim || index.shape.some((d, i) => i !== a && d > x.shape[i]!)) {
    throw new ShapeError(
      `gather: index ${fmt(index.shape)} does not fit input ${fmt(x.shape)} on axis ${axis}`,
    );
  }
  const xStrides = stridesOf(x.shape);
  const iStrides = stridesOf(index.shape);
  const len = x.shape[a]!;
  const n = index.size;
  // the flat source position of each output element
  const source = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let rest = i;
    let pos = 0;
    for (let d = 0; d < index.ndim; d++) {
      const coord = Math.floor(rest / iStrides[d]!);
      rest -= coord * iStrides[d]!;
      if (d === a) {
        const id = index.data[i]!;
        if (id < 0 || id >= len)
          throw new ShapeError(
            `gather: index ${id} is out of range for axis ${axis} of size ${len}`,
          );
        pos += id * xStrides[d]!;
      } else {
        pos += coord * xStrides[d]!;
      }
    }
    source[i] = pos;
  }
  const out = allocate(x.dtype, n);
  for (let i = 0; i < n; i++) out[i] = x.data[source[i]!]!;
  return record(new Tensor(out, index.shape), 'gather', [x], (g) => {
    const gx = allocate(x.dtype, x.size);
    for (let i = 0; i < n; i++) gx[source[i]!] = gx[source[i]!]! + g.data[i]!;
    return [new Tensor(gx, x.shape)];
  });
}

export const gatherChecks: OpCheck[] = [
  {
    name: 'gather (last axis)',
    inputs: (r) => [rand(r, [3, 5]), randInt(r, [3, 2], 5)],
    run: (x, i) => gather(x, -1, i),
  },
  {
    name: 'gather (axis 0)',
    inputs: (r) => [rand(r, [4, 3]), randInt(r, [2, 3], 4)],
    run: (x, i) => gather(x, 0, i),
  },
];
