/**
 * What the commands share about a model directory: its tokenizer.json (beside
 * config.json, as HF saves them) and the model's own numbers read from its config.
 *
 *   const tokenizer = await readTokenizer('runs/bert');       // Tokenizer | null
 *   await copyTokenizer('runs/bert', 'runs/bert-sst');        // when there is one
 *   contextLength(model.toHfConfig());                        // 512, or undefined for T5
 *   const model = await loadModel('runs/bert', { adapter: 'runs/lora' });   // base + PEFT adapter
 *
 * Errors are CliErrors naming the file, so a command can let them through.
 */
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadAdapter, readAdapter } from '@llm/finetune-strategies/node';
import {
  architectureTable,
  fromPretrained,
  loadCheckpoint,
  type PretrainedModel,
} from '@llm/models';
import { defaultRng, readSafetensors } from '@llm/tensor-core';
import { Tokenizer } from '@llm/tokenizer';
import type { OptionSpecs } from './command.js';
import { CliError } from './errors.js';

/** `--model DIR [--adapter DIR]`, the flags of every command that runs a model. */
export const modelOptions = {
  model: { type: 'string', valueName: 'DIR', description: 'model directory', required: true },
  adapter: {
    type: 'string',
    valueName: 'DIR',
    description: 'a PEFT adapter (adapter_config.json + adapter_model.safetensors) to apply',
  },
} as const satisfies OptionSpecs;

/** `dir/tokenizer.json`, or null when the directory has none. */
export async function readTokenizer(dir: string): Promise<Tokenizer | null> {
  const path = join(dir, 'tokenizer.json');
  const text = await readFile(path, 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    return Tokenizer.fromString(text, path);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

/** The tokenizer a command cannot do without: one line saying what needs it otherwise. */
export async function requireTokenizer(dir: string, forWhat: string): Promise<Tokenizer> {
  const tokenizer = await readTokenizer(dir);
  if (!tokenizer)
    throw new CliError(`${join(dir, 'tokenizer.json')}: no such file (needed ${forWhat})`);
  return tokenizer;
}

/** Copies `from/tokenizer.json` into `to/` when there is one; true when it did. */
export async function copyTokenizer(from: string, to: string): Promise<boolean> {
  try {
    await copyFile(join(from, 'tokenizer.json'), join(to, 'tokenizer.json'));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new CliError(`cannot copy tokenizer.json to ${to}: ${(error as Error).message}`);
  }
}

/** The longest input the model's positions allow (HF's names), none for relative positions (T5). */
export function contextLength(hf: Record<string, unknown>): number | undefined {
  const n = hf.max_position_embeddings ?? hf.n_positions;
  return typeof n === 'number' ? n : undefined;
}

/**
 * The token ids of `texts`, truncated by the tokenizer to `maxLength` tokens when given
 * (so a BERT input keeps its closing [SEP]). Sets the tokenizer's truncation.
 */
export function encodeAll(
  tokenizer: Tokenizer,
  texts: readonly string[],
  maxLength?: number,
): { ids: Int32Array; typeIds: Int32Array }[] {
  if (maxLength !== undefined) tokenizer.setTruncation({ maxLength });
  return texts.map((text) => {
    const e = tokenizer.encode(text);
    return { ids: Int32Array.from(e.ids), typeIds: Int32Array.from(e.typeIds) };
  });
}

/**
 * `dir`'s model in eval mode, with the PEFT adapter in `options.adapter` applied (frozen)
 * when given. A sequence-classification adapter (task_type SEQ_CLS) over a base without
 * that head — the masked-LM checkpoint it was fine-tuned from — gets the head built, sized
 * by the adapter's saved `classifier.weight`, before the adapter loads into it.
 */
export async function loadModel(
  dir: string,
  options: { adapter?: string } = {},
): Promise<PretrainedModel> {
  return failsAsCliError(async () => {
    if (options.adapter === undefined) return fromPretrained(dir);
    const files = await readAdapter(options.adapter);
    const config = typeof files.config === 'string' ? JSON.parse(files.config) : files.config;
    let model: PretrainedModel;
    const head = files.tensors['base_model.model.classifier.weight']; // [numLabels, C]
    if (config?.task_type === 'SEQ_CLS' && head && !(await isClassifierDir(dir))) {
      const n = head.shape[0]!;
      const id2label = Object.fromEntries(
        Array.from({ length: n }, (_, i) => [String(i), `LABEL_${i}`]),
      );
      model = (await loadClassifier(dir, id2label)).model;
    } else {
      model = await fromPretrained(dir);
    }
    loadAdapter(model, files);
    model.eval();
    return model;
  });
}

const isClassifierName = (name: unknown) =>
  typeof name === 'string' && name.endsWith('ForSequenceClassification');

/** Whether `dir/config.json` names a sequence-classification architecture. */
export async function isClassifierDir(dir: string): Promise<boolean> {
  const hf = await readConfig(dir);
  return Array.isArray(hf.architectures) && hf.architectures.some(isClassifierName);
}

/**
 * `dir`'s encoder under a new sequence-classification head over `id2label` (HF's
 * `AutoModelForSequenceClassification.from_pretrained(dir, id2label=…)`): the weights the
 * checkpoint has load, the head is drawn fresh from the global generator, seeded with
 * `seed` so a run repeats. `missing` names the new weights.
 */
export async function loadClassifier(
  dir: string,
  id2label: Record<string, string>,
  seed = 0,
): Promise<{ model: PretrainedModel; missing: string[] }> {
  const configPath = join(dir, 'config.json');
  const hf = await readConfig(dir);
  const arch = architectureTable().find(
    (a) => a.modelType === hf.model_type && a.architectures.some(isClassifierName),
  );
  if (!arch)
    throw new CliError(
      `${configPath}: model_type '${String(hf.model_type)}' has no sequence-classification head`,
    );
  defaultRng().seed(seed);
  const model = await failsAsCliError(() =>
    arch.fromHfConfig({
      ...hf,
      architectures: [arch.architectures.find(isClassifierName)],
      num_labels: Object.keys(id2label).length,
      id2label,
      label2id: Object.fromEntries(
        Object.entries(id2label).map(([id, name]) => [name, Number(id)]),
      ),
    }),
  );
  const weightsPath = join(dir, 'model.safetensors');
  const bytes = await readFile(weightsPath).catch(() => {
    throw new CliError(`${weightsPath}: no such file`);
  });
  const report = await failsAsCliError(
    () => loadCheckpoint(model, readSafetensors(bytes).tensors, { strict: false }),
    weightsPath,
  );
  model.eval();
  return { model, missing: report.missing };
}

async function readConfig(dir: string): Promise<Record<string, unknown>> {
  const path = join(dir, 'config.json');
  const text = await readFile(path, 'utf8').catch(() => {
    throw new CliError(`${path}: no such file`);
  });
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new CliError(`${path}: not valid JSON`);
  }
}

/** Runs a loading step; a failure is one CliError line (led by `file` when given). */
export async function failsAsCliError<T>(step: () => T | Promise<T>, file?: string): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof CliError) throw error;
    const message = (error as Error).message.replace(/^model\.safetensors: /, '');
    throw new CliError(file === undefined ? message : `${file}: ${message}`);
  }
}
