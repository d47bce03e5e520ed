import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packDocuments } from './pack-documents.js';

describe('packDocuments', () => {
  it('separates documents with EOS and cuts the stream into blocks', () => {
    const blocks = packDocuments([[5, 6, 7], [8, 9], [1]], { blockSize: 4, eosId: 0 });
    expect(blocks.map((b) => [...b])).toEqual([
      [5, 6, 7, 0],
      [8, 9, 0, 1],
    ]);
    const all = packDocuments([[5, 6, 7], [8, 9], [1]], {
      blockSize: 4,
      eosId: 0,
      keepRemainder: true,
    });
    expect(all.map((b) => [...b])).toEqual([[5, 6, 7, 0], [8, 9, 0, 1], [0]]);
  });

  it('loses no token: blocks concatenated are the documents joined by EOS', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 1, max: 50 }), { maxLength: 9 }), { maxLength: 8 }),
        fc.integer({ min: 1, max: 7 }),
        (docs, blockSize) => {
          const blocks = packDocuments(docs, { blockSize, eosId: 0, keepRemainder: true });
          expect(blocks.flatMap((b) => [...b])).toEqual(docs.flatMap((d) => [...d, 0]));
          expect(blocks.slice(0, -1).every((b) => b.length === blockSize)).toBe(true);
        },
      ),
    );
  });

  it('rejects a block size or EOS id that is not a (positive) integer', () => {
    expect(() => packDocuments([[1]], { blockSize: 0, eosId: 0 })).toThrow(
      'packDocuments: blockSize must be a positive integer, got 0',
    );
    expect(() => packDocuments([[1]], { blockSize: 2, eosId: 0.5 })).toThrow(
      'packDocuments: eosId must be an integer, got 0.5',
    );
  });
});
