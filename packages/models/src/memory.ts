/**
 * Stops a load or a forward pass that would not fit in free memory, with one line naming
 * the numbers, instead of letting the machine thrash or the process die.
 *
 *   checkMemory('forward of [8, 1024] tokens', bytesNeeded);   // throws MemoryError when too big
 *
 * Tensor storage lives outside the JavaScript heap, so the limit is the machine's free
 * memory (os.freemem where it exists; nothing is checked in a browser).
 */
export class MemoryError extends Error {
  override readonly name = 'MemoryError';
}

type Os = { freemem(): number };
// Node's os module without a static import, so this file stays loadable in a browser.
const os = (
  globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }
).process?.getBuiltinModule?.('node:os') as Os | undefined;

const gib = (b: number) => `${(b / 2 ** 30).toFixed(2)} GiB`;

/** Throws MemoryError when `bytes` exceeds 90 % of the free memory. */
export function checkMemory(
  what: string,
  bytes: number,
  free: number | null = os?.freemem() ?? null,
): void {
  if (free === null) return;
  const usable = free * 0.9; // leave room for the runtime and the OS
  if (bytes > usable) {
    throw new MemoryError(
      `${what} needs about ${gib(bytes)} but only ${gib(free)} of memory is free`,
    );
  }
}

/**
 * A deliberately generous estimate of what one forward pass with autograd keeps alive:
 * per layer and token, ~32 C-wide activations and the H·S attention weights (scores,
 * probabilities, their gradients' room), plus the logits three times over.
 */
export function activationBytes(dims: {
  layers: number;
  batch: number;
  time: number;
  keys?: number;
  channels: number;
  heads: number;
  vocab: number;
}): number {
  const { layers, batch: B, time: T, channels: C, heads: H, vocab: V } = dims;
  const S = dims.keys ?? T;
  return 4 * (layers * B * T * (32 * C + 3 * H * S) + 3 * B * T * V);
}
