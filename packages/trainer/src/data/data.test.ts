import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataLoader } from './data-loader.js';
import { padBatch } from './pad-batch.js';
import { trainValSplit } from './train-val-split.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('DataLoader', () => {
  it('visits every example once per epoch in a seeded order, reshuffled each epoch', () => {
    const loader = new DataLoader(range(10), { batchSize: 4, seed: 3 });
    const epoch1 = [loader.next(), loader.next(), loader.next()];
    expect(epoch1.map((b) => b.length)).toEqual([4, 4, 2]);
    expect(epoch1.flat().sort((a, b) => a - b)).toEqual(range(10));
    const epoch2 = [loader.next(), loader.next(), loader.next()].flat();
    expect([...epoch2].sort((a, b) => a - b)).toEqual(range(10));
    expect(epoch2).not.toEqual(epoch1.flat());
    const again = new DataLoader(range(10), { batchSize: 4, seed: 3 });
    expect(again.next()).toEqual(epoch1[0]);
    expect(new DataLoader(range(10), { batchSize: 4, seed: 4 }).next()).not.toEqual(epoch1[0]);
  });

  it('resumes from a saved cursor with exactly the batches that would have come', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 25 }),
        fc.integer({ min: 1, max: 6 }),
        fc.boolean(),
        (skip, size, dropLast) => {
          const a = new DataLoader(range(13), { batchSize: size, seed: 9, dropLast });
          for (let i = 0; i < skip; i++) a.next();
          const b = new DataLoader(range(13), { batchSize: size, seed: 9, dropLast });
          b.setState(a.getState());
          for (let i = 0; i < 5; i++) expect(b.next()).toEqual(a.next());
        },
      ),
    );
  });

  it('drops a short last batch when asked, keeps the order when not shuffling, and counts batches', () => {
    const loader = new DataLoader(range(5), { batchSize: 2, shuffle: false, dropLast: true });
    expect(loader.batchesPerEpoch).toBe(2);
    expect([loader.next(), loader.next(), loader.next()]).toEqual([
      [0, 1],
      [2, 3],
      [0, 1],
    ]);
    expect(new DataLoader(range(5), { batchSize: 2 }).batchesPerEpoch).toBe(3);
    expect(() => new DataLoader([], { batchSize: 2 })).toThrow(/no examples/);
    expect(() => loader.setState({ epoch: 0, position: 9 })).toThrow(/past the 5 examples/);
  });
});

describe('packDocuments', () => {
  // its tests live beside it in @llm/objectives; here: the trainer hands out that one
  it('is the @llm/objectives implementation, re-exported', async () => {
    const objectives = await import('@llm/objectives');
    const trainer = await import('../index.js');
    expect(trainer.packDocuments).toBe(objectives.packDocuments);
    const blocks = trainer.packDocuments([[5, 6, 7], [8, 9], [1]], { blockSize: 4, eosId: 0 });
    expect(blocks.map((b) => [...b])).toEqual([
      [5, 6, 7, 0],
      [8, 9, 0, 1],
    ]);
  });
});

describe('padBatch', () => {
  it('pads right (default) or left with an attention mask', () => {
    const r = padBatch([Int32Array.of(1, 2, 3), Int32Array.of(4)], { padId: 0 });
    expect(r.ids.toArray()).toEqual([
      [1, 2, 3],
      [4, 0, 0],
    ]);
    expect(r.attentionMask.toArray()).toEqual([
      [1, 1, 1],
      [1, 0, 0],
    ]);
    expect(r.lengths).toEqual([3, 1]);
    const l = padBatch([[1, 2], [3]], { padId: 9, side: 'left', multipleOf: 4 });
    expect(l.ids.toArray()).toEqual([
      [9, 9, 1, 2],
      [9, 9, 9, 3],
    ]);
    expect(() => padBatch([[1, 2, 3]], { padId: 0, length: 2 })).toThrow(
      /3 tokens does not fit length 2/,
    );
  });
});

describe('trainValSplit', () => {
  it('holds out a seeded share, disjoint and complete, in the original order', () => {
    const { train, validation } = trainValSplit(range(20), { validationFraction: 0.25, seed: 1 });
    expect(validation).toHaveLength(5);
    expect([...train, ...validation].sort((a, b) => a - b)).toEqual(range(20));
    expect(train).toEqual([...train].sort((a, b) => a - b));
    expect(trainValSplit(range(20), { validationFraction: 0.25, seed: 1 }).validation).toEqual(
      validation,
    );
    expect(trainValSplit(range(20), { validationFraction: 0.25, seed: 2 }).validation).not.toEqual(
      validation,
    );
    expect(() => trainValSplit(range(4), { validationFraction: 1 })).toThrow(/validationFraction/);
  });
});
