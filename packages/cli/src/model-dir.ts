/**
 * What the commands share about a model directory: its tokenizer.json (beside
 * config.json, as HF saves them) and the model's own numbers read from its config.
 *
 *   const tokenizer = await readTokenizer('runs/bert');       // Tokenizer | null
 *   await copyTokenizer('runs/bert', 'runs/bert-sst');        // when there is one
 *   contextLength(model.toHfConfig());                        // 512, or undefined for T5
 *
 * Errors are CliErrors naming the file, so a command can let them through.
 */
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Tokenizer } from '@llm/tokenizer';
import { CliError } from './errors.js';

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
