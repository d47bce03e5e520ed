/**
 * Reads a batch file in the format of the PyTorch fixtures' inputs.json — HF's argument
 * names, nested int arrays — into ModelInputs. Unknown keys (notes, generation prompts)
 * are ignored; every used field is checked and named in errors.
 *
 *   const inputs = parseInputs(await readFile('inputs.json', 'utf8'), 'inputs.json');
 *   model.forward(inputs);
 */
import { type Tensor, tensor } from '@llm/tensor-core';
import type { ModelInputs } from './model.js';

const FIELDS: Record<string, keyof ModelInputs> = {
  input_ids: 'inputIds',
  attention_mask: 'attentionMask',
  token_type_ids: 'tokenTypeIds',
  labels: 'labels',
  decoder_input_ids: 'decoderInputIds',
  decoder_attention_mask: 'decoderAttentionMask',
};

export function parseInputs(text: string, source = 'inputs'): ModelInputs {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source}: not valid JSON (${(error as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new Error(`${source}: not a JSON object`);
  const record = json as Record<string, unknown>;
  if (!('input_ids' in record)) throw new Error(`${source}: missing field 'input_ids'`);
  const out: Partial<Record<keyof ModelInputs, Tensor>> = {};
  for (const [key, name] of Object.entries(FIELDS)) {
    if (record[key] === undefined || record[key] === null) continue;
    out[name] = intTensor(record[key], `${source}: ${key}`);
  }
  const B = out.inputIds!.shape[0];
  for (const [key, name] of Object.entries(FIELDS)) {
    const t = out[name];
    if (t && t.shape[0] !== B)
      throw new Error(`${source}: ${key} has ${t.shape[0]} rows, input_ids has ${B}`);
  }
  for (const key of ['attention_mask', 'token_type_ids'] as const) {
    const t = out[FIELDS[key]!];
    if (t && t.shape.join() !== out.inputIds!.shape.join()) {
      throw new Error(
        `${source}: ${key} has shape [${t.shape.join(', ')}], input_ids [${out.inputIds!.shape.join(', ')}]`,
      );
    }
  }
  return out as ModelInputs;
}

/** Reads and parses a batch file (Node). */
export async function readInputsFile(path: string): Promise<ModelInputs> {
  const { readFile } = await import('node:fs/promises');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(
      `${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
  return parseInputs(text, path);
}

/** A rectangular nested array of integers (1-D or 2-D) → int32 tensor. */
function intTensor(value: unknown, where: string): Tensor {
  if (!Array.isArray(value) || value.length === 0)
    throw new Error(`${where} must be a non-empty array`);
  const rows = Array.isArray(value[0]) ? (value as unknown[][]) : null;
  const flat: unknown[] = rows ? rows.flat() : value;
  if (rows?.some((r) => !Array.isArray(r) || r.length !== rows[0]!.length))
    throw new Error(`${where} rows differ in length`);
  flat.forEach((v, i) => {
    if (!Number.isInteger(v) || Math.abs(v as number) > 2 ** 31 - 1)
      throw new Error(`${where}: element ${i} is not an integer (${JSON.stringify(v)})`);
  });
  const shape = rows ? [rows.length, rows[0]!.length] : [value.length];
  return tensor(Int32Array.from(flat as number[]), shape);
}
