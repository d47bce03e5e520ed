/**
 * Rectangular int32 batches from ragged rows: right padding to the longest row.
 *
 *   padRows([[5, 6, 7], [8]], 0);   // { ids: [[5, 6, 7], [8, 0, 0]], mask: [[1, 1, 1], [1, 0, 0]] }
 */
import { type Tensor, tensor } from '@llm/tensor-core';

export function padRows(
  rows: readonly ArrayLike<number>[],
  value: number,
): { ids: Tensor; mask: Tensor } {
  if (rows.length === 0) throw new Error('makeBatch: no examples');
  const T = Math.max(1, ...rows.map((r) => r.length));
  const ids = new Int32Array(rows.length * T).fill(value);
  const mask = new Int32Array(rows.length * T);
  rows.forEach((row, b) => {
    for (let t = 0; t < row.length; t++) {
      ids[b * T + t] = row[t]!;
      mask[b * T + t] = 1;
    }
  });
  return { ids: tensor(ids, [rows.length, T]), mask: tensor(mask, [rows.length, T]) };
}

/** Counts entries different from `ignore` (from column `from` on). */
export function countTargets(labels: Tensor, ignore: number, from = 0): number {
  const [B, T] = labels.shape.length === 2 ? (labels.shape as [number, number]) : [1, labels.size];
  let n = 0;
  for (let b = 0; b < B; b++)
    for (let t = from; t < T; t++) if (labels.data[b * T + t] !== ignore) n++;
  return n;
}
