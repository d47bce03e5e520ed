import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, readSafetensors } from '@llm/tensor-core';
import { afterAll, describe, expect, it } from 'vitest';
import { CharLm, nextToken, toyCorpus } from '../../test/helpers/toy.js';
import { DataLoader } from '../data/data-loader.js';
import { AdamW } from '../optimizers/adam-w.js';
import { train } from '../train.js';
import {
  checkpointDirectory,
  checkpointName,
  MODEL_FILE,
  STATE_FILE,
} from './checkpoint-directory.js';

const root = mkdtempSync(join(tmpdir(), 'llm-ckpt-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(root, `run-${n++}`);

const setup = (dir: string, dim = 6, keep = 2) => {
  const model = new CharLm({ vocabSize: 10, dim, rng: new Rng(1) });
  return {
    model,
    objective: nextToken({ padId: 0 }),
    optimizer: new AdamW(model.parameters(), { lr: 1e-2 }),
    data: new DataLoader(toyCorpus(12, 10), { batchSize: 3 }),
    checkpoint: {
      store: checkpointDirectory(dir, { keep, files: { 'config.json': '{"model_type":"toy"}\n' } }),
      every: 2,
    },
  };
};
const values = (m: CharLm) => m.parameters().map((p) => [...p.data]);

describe('checkpointDirectory', () => {
  it('writes model.safetensors under HF names, the trainer state and extra files; keeps the newest N', async () => {
    const dir = fresh();
    const s = setup(dir);
    await train({ ...s, steps: 7 });
    expect(readdirSync(dir).sort()).toEqual([checkpointName(6), checkpointName(7)]);
    const last = join(dir, checkpointName(7));
    expect(readdirSync(last).sort()).toEqual(['config.json', MODEL_FILE, STATE_FILE]);
    const { tensors, metadata } = readSafetensors(readFileSync(join(last, MODEL_FILE)));
    expect(Object.keys(tensors).sort()).toEqual(Object.keys(s.model.stateDict()).sort());
    expect([...tensors['fc.weight']!.data]).toEqual([...s.model.fc.weight.data]);
    expect(metadata).toEqual({ format: 'pt' });
  });

  it('ignores (and later removes) the temporary folder a kill mid-write leaves, resuming from the last complete one', async () => {
    const dir = fresh();
    await train({ ...setup(dir), steps: 4 });
    // what a SIGKILL during the save of step 6 leaves: a hidden folder with half a file
    const partial = join(dir, '.checkpoint-6-12345-deadbeef');
    mkdirSync(partial);
    writeFileSync(join(partial, MODEL_FILE), Buffer.from([1, 2, 3]));
    const s = setup(dir);
    const found = await s.checkpoint.store.latest();
    expect(found?.where).toBe(join(dir, checkpointName(4)));
    const result = await train({ ...s, steps: 6 });
    expect(result.resumedFrom).toBe(4);
    expect(existsSync(partial)).toBe(false);
  });

  it('a damaged checkpoint is one line naming the file, and nothing is loaded', async () => {
    const dir = fresh();
    await train({ ...setup(dir), steps: 2 });
    const file = join(dir, checkpointName(2), MODEL_FILE);
    writeFileSync(file, readFileSync(file).subarray(0, 100));
    const s = setup(dir);
    const before = values(s.model);
    const error = await train({ ...s, steps: 4 }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: `),
    );
    expect((error as Error).message).not.toContain('\n');
    expect(values(s.model)).toEqual(before);
  });

  it('refuses a checkpoint written for another config', async () => {
    const dir = fresh();
    await train({ ...setup(dir), steps: 2 });
    await expect(train({ ...setup(dir, 4), steps: 4 })).rejects.toThrow(
      new RegExp(
        `^${join(dir, checkpointName(2)).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: written for another model or config: shapes differ`,
      ),
    );
  });

  it('replaces a checkpoint of the same step atomically', async () => {
    const dir = fresh();
    const s = setup(dir, 6, 5);
    await train({ ...s, steps: 2 });
    const data = (await s.checkpoint.store.latest())!.data;
    await s.checkpoint.store.save({ ...data, trainer: Uint8Array.of(1, 2, 3) });
    expect(readdirSync(dir)).toEqual([checkpointName(2)]);
    expect([...readFileSync(join(dir, checkpointName(2), STATE_FILE))]).toEqual([1, 2, 3]);
  });
});
