/**
 * @llm/finetune-strategies/node — PEFT adapter directories on disk. Everything else is
 * the browser-safe core, re-exported here.
 *
 *   import { lora, saveAdapter, loadAdapterDir, mergeAndUnload } from '@llm/finetune-strategies/node';
 *   lora.apply(model, { r: 8, targetModules: ['query', 'value'] });   // … train …
 *   await saveAdapter(model, 'runs/lora', { taskType: 'classification', baseModelNameOrPath: 'runs/bert' });
 *   await loadAdapterDir(base, 'runs/lora');      // PEFT's files, ours or Python's
 *   mergeAndUnload(base);                          // for `llm merge-adapter`
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Module } from '@llm/layers';
import { writeSafetensors } from '@llm/tensor-core';
import { readSafetensorsFile, writeFileAtomic } from '@llm/tensor-core/node';
import {
  ADAPTER_CONFIG_NAME,
  ADAPTER_WEIGHTS_NAME,
  type AdapterFiles,
  type AdapterInfo,
  adapterFiles,
  type LoadAdapterOptions,
  loadAdapter,
} from './peft.js';

export * from './index.js';

/**
 * Writes `adapter_config.json` and `adapter_model.safetensors` into `dir` (made if
 * missing), each atomically, so a crash never leaves half an adapter in place.
 */
export async function saveAdapter(
  model: Module,
  dir: string,
  info: AdapterInfo = {},
): Promise<void> {
  const { config, tensors } = adapterFiles(model, info);
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(
    join(dir, ADAPTER_WEIGHTS_NAME),
    writeSafetensors(tensors, { format: 'pt' }),
  );
  await writeFileAtomic(join(dir, ADAPTER_CONFIG_NAME), `${JSON.stringify(config, null, 2)}\n`);
}

/** Reads an adapter directory's two files; a missing or bad file is one line naming it. */
export async function readAdapter(dir: string): Promise<AdapterFiles> {
  const configPath = join(dir, ADAPTER_CONFIG_NAME);
  let config: string;
  try {
    config = await readFile(configPath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      `${configPath}: ${code === 'ENOENT' ? 'no such file (not a PEFT adapter directory?)' : (error as Error).message}`,
    );
  }
  const { tensors } = await readSafetensorsFile(join(dir, ADAPTER_WEIGHTS_NAME));
  return { config, tensors, source: dir };
}

/** `loadAdapter` from a directory: reads both files, checks them, applies LoRA. */
export async function loadAdapterDir(model: Module, dir: string, options: LoadAdapterOptions = {}) {
  return loadAdapter(model, await readAdapter(dir), options);
}
