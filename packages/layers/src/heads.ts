/**
 * Reshapes between one wide vector per token and one narrow vector per attention head.
 *
 *   // B batch, T time, H heads, D head size, C = H·D channels
 *   const q = splitHeads(x, 12);     // [B, T, C] → [B, H, T, D]
 *   const y = mergeHeads(q);         // [B, H, T, D] → [B, T, C]
 */
import type { Tensor } from '@llm/tensor-core';

export function splitHeads(x: Tensor, numHeads: number): Tensor {
  const [B, T, C] = x.shape as [number, number, number];
  if (C % numHeads !== 0)
    throw new Error(`splitHeads: ${C} channels do not split into ${numHeads} heads`);
  return x.reshape(B, T, numHeads, C / numHeads).permute(0, 2, 1, 3); // [B, H, T, D]
}

export function mergeHeads(x: Tensor): Tensor {
  const [B, H, T, D] = x.shape as [number, number, number, number];
  return x.permute(0, 2, 1, 3).reshape(B, T, H * D); // [B, T, C]
}
