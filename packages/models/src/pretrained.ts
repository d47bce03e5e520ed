/**
 * Hugging Face model directories in and out: `config.json` + `model.safetensors`.
 *
 *   const model = await fromPretrained('runs/gpt');     // picks Gpt / Bert… / T5… from config.json
 *   await savePretrained(model, 'runs/gpt-2');          // the same two files, written atomically
 *
 * Loading checks everything before it copies anything: a config with an unknown
 * model_type or a missing field, or a checkpoint missing tensors or with wrong shapes,
 * is one line naming what is wrong — never a half-loaded model. Tied copies HF may or may
 * not store (lm_head.weight, cls.predictions.decoder.*, *.embed_tokens.weight) and old
 * GPT-2 attention-mask buffers are accepted and ignored; a missing `transformer.` /
 * `bert.` prefix (original GPT-2 / BERT checkpoints) is tolerated.
 */
import { describeReport } from '@llm/layers';
import { type Registry, registryFromExports } from '@llm/registry';
import { readSafetensors, type Tensor, writeSafetensors } from '@llm/tensor-core';
import * as exported from './architectures.js';
import { ConfigError } from './config-error.js';
import { checkMemory } from './memory.js';
import type { Architecture, PretrainedModel } from './model.js';

/**
 * The architectures among `modules`' exports (default: every model file's), each once, in
 * the order of its first HF architecture string. Each HF architecture string belongs to
 * one architecture: two exports claiming one throw a DuplicateNameError naming both.
 */
export function architectureTable(modules: Record<string, unknown> = exported): Architecture[] {
  return [...architectureRegistry(modules).values()];
}

function architectureRegistry(modules: Record<string, unknown>): Registry<Architecture> {
  return registryFromExports({
    kind: 'architecture',
    exports: modules,
    is: (v): v is Architecture =>
      typeof v === 'object' && v !== null && 'fromHfConfig' in v && 'architectures' in v,
    key: (a) => a.architectures,
  });
}

// Built on first use, so importing @llm/models does no work (the test of index.ts builds it).
let builtIns: Registry<Architecture> | undefined;

/**
 * Builds the (randomly initialised) model a parsed config.json describes: the first of its
 * `architectures` that one architecture claims, else its `model_type` when exactly one
 * architecture has it. Several sharing a model_type (BERT's heads) is ambiguous, and is an
 * error naming the choices rather than whichever happens to be exported first.
 */
export function modelFromHfConfig(hf: Record<string, unknown>): PretrainedModel {
  builtIns ??= architectureRegistry(exported);
  const registry = builtIns;
  const archs = Array.isArray(hf.architectures) ? hf.architectures.map(String) : [];
  const byArch = archs.find((name) => registry.has(name));
  if (byArch !== undefined) return registry.get(byArch).fromHfConfig(hf);
  const modelType = hf.model_type;
  const table = registry.values();
  const byType = table.filter((a) => a.modelType === modelType);
  if (byType.length === 1) return byType[0]!.fromHfConfig(hf);
  // several heads share a model_type: the one that says it is the base model (HF's
  // AutoModel choice) builds a config that names no architecture we know
  const defaults = byType.filter((a) => a.defaultForModelType === true);
  if (defaults.length === 1) return defaults[0]!.fromHfConfig(hf);
  if (byType.length > 1) {
    const choices = byType.flatMap((a) => a.architectures).sort();
    const given = archs.length > 0 ? `architectures ${archs.join(', ')} not supported; ` : '';
    throw new ConfigError(
      `config.json: ${given}model_type '${String(modelType)}' is built by several architectures, name one in 'architectures' (${choices.join(', ')})`,
    );
  }
  const known = [...new Set(table.map((a) => a.modelType))].sort().join(', ');
  if (modelType === undefined)
    throw new ConfigError(`config.json: missing field 'model_type' (supported: ${known})`);
  throw new ConfigError(
    `config.json: unknown model_type '${String(modelType)}' (supported: ${known})`,
  );
}

// Tensors HF may store that this implementation derives (tied) or does not need.
const IGNORABLE = [
  /^lm_head\.weight$/,
  /^cls\.predictions\.decoder\.(weight|bias)$/,
  /\.embed_tokens\.weight$/,
  /\.attn\.(masked_)?bias$/,
];
const PREFIXES = ['transformer.', 'bert.'];

/** Loads checkpoint tensors into a model, strictly: everything checked, then copied. */
export function loadCheckpoint(
  model: PretrainedModel,
  file: Record<string, Tensor>,
  options: { strict?: boolean } = {},
) {
  const expected = model.checkpointTensors();
  const source: Record<string, Tensor> = {};
  const used = new Set<string>();
  for (const name of Object.keys(expected)) {
    const candidates = [
      name,
      ...PREFIXES.filter((p) => name.startsWith(p)).map((p) => name.slice(p.length)),
    ];
    const found = candidates.find((c) => c in file);
    if (found !== undefined) {
      source[name] = file[found]!;
      used.add(found);
    }
  }
  const unexpected = Object.keys(file).filter(
    (k) => !used.has(k) && !(IGNORABLE.some((r) => r.test(k)) && !(k in expected)),
  );
  const missing = Object.keys(expected).filter((k) => !(k in source));
  const mismatched = Object.entries(source)
    .filter(([k, t]) => t.shape.join() !== expected[k]!.shape.join())
    .map(
      ([k, t]) => `${k}: expected [${expected[k]!.shape.join(', ')}], got [${t.shape.join(', ')}]`,
    );
  const report = { missing, unexpected, mismatched };
  const strict = options.strict ?? true;
  if (mismatched.length > 0 || (strict && (missing.length > 0 || unexpected.length > 0))) {
    throw new Error(`model.safetensors: does not match config.json: ${describeReport(report)}`);
  }
  for (const [k, t] of Object.entries(source))
    expected[k]!.data.set(t.dtype === 'float32' ? t.data : t.to('float32').data);
  return report;
}

function parseConfig(configJson: string): Record<string, unknown> {
  let hf: unknown;
  try {
    hf = JSON.parse(configJson);
  } catch (error) {
    throw new ConfigError(`config.json: not valid JSON (${(error as Error).message})`);
  }
  if (typeof hf !== 'object' || hf === null || Array.isArray(hf))
    throw new ConfigError('config.json: not a JSON object');
  return hf as Record<string, unknown>;
}

function loadBytes(
  model: PretrainedModel,
  safetensors: Uint8Array,
  options: { strict?: boolean },
): PretrainedModel {
  let tensors: Record<string, Tensor>;
  try {
    tensors = readSafetensors(safetensors).tensors;
  } catch (error) {
    throw new Error(`model.safetensors: ${(error as Error).message}`);
  }
  loadCheckpoint(model, tensors, options);
  // as HF's from_pretrained: inference (dropout off) until the caller says model.train()
  model.eval();
  return model;
}

/**
 * From the two files' contents (works anywhere, a browser included). Like fromPretrained,
 * the model comes back in eval mode; `train()` (the trainer) switches dropout on.
 */
export function fromBytes(
  configJson: string,
  safetensors: Uint8Array,
  options: { strict?: boolean } = {},
): PretrainedModel {
  return loadBytes(modelFromHfConfig(parseConfig(configJson)), safetensors, options);
}

/**
 * Loads `dir/config.json` and `dir/model.safetensors` (Node). Errors name the file. The
 * model is in eval mode, as HF's `from_pretrained` leaves it: call `model.train()` (the
 * trainer's `train()` does) before training with dropout.
 */
export async function fromPretrained(
  dir: string,
  options: { strict?: boolean } = {},
): Promise<PretrainedModel> {
  const { readFile, stat } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const read = async (path: string) => {
    try {
      return await readFile(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new Error(`${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
    }
  };
  const configPath = join(dir, 'config.json');
  const weightsPath = join(dir, 'model.safetensors');
  const renamed = (error: unknown) =>
    new Error(
      (error as Error).message
        .replace(/^config\.json/, configPath)
        .replace(/^model\.safetensors/, weightsPath),
    );
  let model: PretrainedModel;
  try {
    // the config first: a wrong config fails before megabytes of weights are read
    model = modelFromHfConfig(parseConfig((await read(configPath)).toString('utf8')));
  } catch (error) {
    throw renamed(error);
  }
  // the model's parameters plus the file's bytes are alive at once while loading
  const bytes = await stat(weightsPath)
    .then((s) => s.size)
    .catch(() => 0);
  checkMemory(`loading ${weightsPath}`, 2 * bytes);
  const weights = await read(weightsPath);
  try {
    return loadBytes(model, weights, options);
  } catch (error) {
    throw renamed(error);
  }
}

/** Writes `dir/config.json` and `dir/model.safetensors` atomically (Node). */
export async function savePretrained(model: PretrainedModel, dir: string): Promise<void> {
  const { mkdir, rename, writeFile, rm } = await import('node:fs/promises');
  const { join } = await import('node:path');
  await mkdir(dir, { recursive: true });
  const files: [string, string | Uint8Array][] = [
    ['config.json', `${JSON.stringify(model.toHfConfig(), null, 2)}\n`],
    ['model.safetensors', writeSafetensors(model.checkpointTensors(), { format: 'pt' })],
  ];
  for (const [name, data] of files) {
    const path = join(dir, name);
    const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      await writeFile(temp, data);
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }
}
