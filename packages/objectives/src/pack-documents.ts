/**
 * Packs token documents into fixed-length blocks for language-model pre-training: each
 * document is followed by an end-of-sequence id, the stream is concatenated and cut into
 * blocks of `blockSize` (GPT-2's recipe: no padding, no wasted compute). The one
 * implementation: `causalLm({ pack })` uses it, and `@llm/trainer` re-exports it.
 *
 *   import { packDocuments } from '@llm/objectives';   // or from '@llm/trainer'
 *   packDocuments([[5, 6, 7], [8, 9]], { blockSize: 4, eosId: 0 });
 *   // → [Int32Array [5, 6, 7, 0]]  (the remainder [8, 9, 0] is dropped; keepRemainder keeps it)
 */

export interface PackOptions {
  /** Tokens per block. */
  readonly blockSize: number;
  /** Appended after every document. */
  readonly eosId: number;
  /** Keep the last, shorter block (default false). */
  readonly keepRemainder?: boolean;
}

export function packDocuments(
  documents: Iterable<ArrayLike<number>>,
  options: PackOptions,
): Int32Array[] {
  const { blockSize, eosId, keepRemainder = false } = options;
  if (!(Number.isInteger(blockSize) && blockSize > 0))
    throw new RangeError(`packDocuments: blockSize must be a positive integer, got ${blockSize}`);
  if (!Number.isInteger(eosId))
    throw new RangeError(`packDocuments: eosId must be an integer, got ${eosId}`);
  const blocks: Int32Array[] = [];
  let block = new Int32Array(blockSize);
  let fill = 0;
  const push = (id: number) => {
    block[fill++] = id;
    if (fill === blockSize) {
      blocks.push(block);
      block = new Int32Array(blockSize);
      fill = 0;
    }
  };
  for (const doc of documents) {
    for (let i = 0; i < doc.length; i++) push(doc[i]!);
    push(eosId);
  }
  if (keepRemainder && fill > 0) blocks.push(block.slice(0, fill));
  return blocks;
}
