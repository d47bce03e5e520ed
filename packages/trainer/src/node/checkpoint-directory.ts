/**
 * Checkpoints as folders on disk: `DIR/checkpoint-00000500/` holds `model.safetensors`
 * (HF names, loadable by any HF tool), `trainer-state.msgpack` (optimizer, schedule, RNG
 * states, data cursor, step) and any extra files you pass (e.g. `config.json`, which
 * makes each checkpoint a Hugging Face model directory). The newest `keep` are kept.
 *
 *   import { checkpointDirectory } from '@llm/trainer/node';
 *   const store = checkpointDirectory('runs/gpt', { keep: 3, files: { 'config.json': json } });
 *   await train({ ..., checkpoint: { store, every: 500 } });   // resumes from the newest one
 *
 * Atomic: a checkpoint is written (and fsynced) into a hidden temporary folder, then
 * renamed into place in one step; a run killed mid-write leaves only a temporary folder,
 * which is never read and is removed by the next save. So an interrupted write never
 * leaves a checkpoint that loads half.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readSafetensors, writeSafetensors } from '@llm/tensor-core';
import { type CheckpointData, CheckpointError, type CheckpointStore } from '../checkpoint.js';

export interface CheckpointDirectoryOptions {
  /** How many of the newest checkpoints to keep (default 3). */
  readonly keep?: number;
  /** Extra files written into every checkpoint, by name (e.g. config.json). */
  readonly files?: Readonly<Record<string, string | Uint8Array>>;
}

export const MODEL_FILE = 'model.safetensors';
export const STATE_FILE = 'trainer-state.msgpack';
const NAME = /^checkpoint-(\d+)$/;
const TEMP_PREFIX = '.checkpoint-';

export function checkpointName(step: number): string {
  return `checkpoint-${String(step).padStart(8, '0')}`;
}

export function checkpointDirectory(
  dir: string,
  options: CheckpointDirectoryOptions = {},
): CheckpointStore & { list(): Promise<string[]> } {
  const keep = options.keep ?? 3;
  if (!(Number.isInteger(keep) && keep >= 1))
    throw new RangeError(`checkpointDirectory: keep must be an integer >= 1, got ${keep}`);

  /** Complete checkpoints, oldest first. */
  const list = async (): Promise<string[]> => {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return names
      .filter((n) => NAME.test(n))
      .sort((a, b) => Number(NAME.exec(a)![1]) - Number(NAME.exec(b)![1]))
      .map((n) => join(dir, n));
  };

  return {
    list,

    async save(data: CheckpointData): Promise<string> {
      await mkdir(dir, { recursive: true });
      // leftovers of a run killed mid-write
      for (const n of await readdir(dir)) {
        if (n.startsWith(TEMP_PREFIX)) await rm(join(dir, n), { recursive: true, force: true });
      }
      const final = join(dir, checkpointName(data.step));
      const temp = join(
        dir,
        `${TEMP_PREFIX}${data.step}-${process.pid}-${randomBytes(4).toString('hex')}`,
      );
      await mkdir(temp);
      try {
        await writeSynced(join(temp, MODEL_FILE), writeSafetensors(data.model, { format: 'pt' }));
        await writeSynced(join(temp, STATE_FILE), data.trainer);
        for (const [name, content] of Object.entries(options.files ?? {}))
          await writeSynced(join(temp, name), content);
        await syncDir(temp);
        // the same step saved again (a resumed run re-saving): swap the old one out first
        const old = `${temp}-old`;
        const replaced = await rename(final, old).then(
          () => true,
          () => false,
        );
        await rename(temp, final);
        if (replaced) await rm(old, { recursive: true, force: true });
        await syncDir(dir);
      } catch (error) {
        await rm(temp, { recursive: true, force: true });
        throw error;
      }
      const all = await list();
      for (const stale of all.slice(0, Math.max(0, all.length - keep)))
        await rm(stale, { recursive: true, force: true });
      return final;
    },

    async latest() {
      const all = await list();
      const where = all.at(-1);
      if (where === undefined) return null;
      return { data: await readCheckpoint(where), where };
    },
  };
}

/** Reads one checkpoint folder; a missing or damaged file is one line naming it. */
export async function readCheckpoint(path: string): Promise<CheckpointData> {
  const step = NAME.exec(path.split(/[\\/]/).pop() ?? '');
  const read = async (name: string) => {
    try {
      return await readFile(join(path, name));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new CheckpointError(
        `${join(path, name)}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      );
    }
  };
  const modelBytes = await read(MODEL_FILE);
  let model: CheckpointData['model'];
  try {
    model = readSafetensors(modelBytes).tensors;
  } catch (error) {
    throw new CheckpointError(`${join(path, MODEL_FILE)}: ${(error as Error).message}`);
  }
  const trainer = new Uint8Array(await read(STATE_FILE));
  return { step: step ? Number(step[1]) : -1, model, trainer };
}

async function writeSynced(path: string, content: string | Uint8Array): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncDir(path: string): Promise<void> {
  // a directory fsync makes the rename durable; some platforms refuse it, which is harmless
  const handle = await open(path, 'r').catch(() => null);
  if (!handle) return;
  try {
    await handle.sync().catch(() => undefined);
  } finally {
    await handle.close();
  }
}
