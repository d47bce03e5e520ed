/**
 * The text files `llm classify` and `llm finetune` read, each mistake one line naming the
 * file and line:
 *
 *   await readTexts('reviews.txt');         // .txt: one text a line; .jsonl: {"text"}
 *   await readLabelled('train.tsv');        // .tsv: text<TAB>label; .jsonl: {"text","label"}
 *   await readPairs('pairs.jsonl');         // .jsonl: {"input","target"}
 *
 * Blank lines are skipped; line numbers count them, so an editor finds the line.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { CliError } from './errors.js';

export interface LabelledText {
  readonly text: string;
  /** As written in the file (a number label becomes its decimal text). */
  readonly label: string;
  /** 1-based line in the file, for error messages. */
  readonly line: number;
}

export interface TextPair {
  readonly input: string;
  readonly target: string;
}

/** One text a line (.txt, or any other extension), or the "text" of each .jsonl line. */
export async function readTexts(path: string): Promise<string[]> {
  if (extname(path) === '.jsonl')
    return (await readJsonl(path)).map(({ value, line }) => field(path, line, value, 'text'));
  return (await readLines(path)).map(({ text }) => text);
}

/** Labelled texts for classification. */
export async function readLabelled(path: string): Promise<LabelledText[]> {
  const ext = extname(path);
  if (ext === '.jsonl') {
    return (await readJsonl(path)).map(({ value, line }) => {
      const label = (value as { label?: unknown }).label;
      if (typeof label !== 'string' && !(typeof label === 'number' && Number.isFinite(label)))
        throw new CliError(`${path}:${line}: "label" must be a string or a number`);
      return { text: field(path, line, value, 'text'), label: String(label), line };
    });
  }
  if (ext === '.tsv') {
    return (await readLines(path)).map(({ text, line }) => {
      const tab = text.lastIndexOf('\t');
      const label = tab === -1 ? '' : text.slice(tab + 1).trim();
      if (tab === -1 || label === '')
        throw new CliError(`${path}:${line}: expected text<TAB>label`);
      return { text: text.slice(0, tab), label, line };
    });
  }
  throw new CliError(`${path}: classification data is .tsv (text<TAB>label) or .jsonl`);
}

/** Input / target pairs for seq2seq. */
export async function readPairs(path: string): Promise<TextPair[]> {
  if (extname(path) !== '.jsonl')
    throw new CliError(`${path}: seq2seq data is .jsonl of {"input","target"}`);
  return (await readJsonl(path)).map(({ value, line }) => ({
    input: field(path, line, value, 'input'),
    target: field(path, line, value, 'target'),
  }));
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      `${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : (error as Error).message}`,
    );
  }
}

async function readLines(path: string): Promise<{ text: string; line: number }[]> {
  const lines = (await readText(path))
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((text, i) => ({ text, line: i + 1 }))
    .filter(({ text }) => text.trim() !== '');
  if (lines.length === 0) throw new CliError(`${path}: no examples (the file is empty)`);
  return lines;
}

async function readJsonl(path: string): Promise<{ value: object; line: number }[]> {
  return (await readLines(path)).map(({ text, line }) => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new CliError(`${path}:${line}: not valid JSON`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new CliError(`${path}:${line}: expected a JSON object`);
    return { value, line };
  });
}

function field(path: string, line: number, value: object, name: string): string {
  const v = (value as Record<string, unknown>)[name];
  if (typeof v !== 'string') throw new CliError(`${path}:${line}: "${name}" must be a string`);
  return v;
}
