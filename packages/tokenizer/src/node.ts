/**
 * @llm/tokenizer/node — the Node-only half: files in and out. Everything else is the
 * browser-safe core, re-exported here.
 *
 *   import { Tokenizer } from '@llm/tokenizer/node';
 *   const tok = await Tokenizer.fromFile('tokenizer.json');   // or: await loadTokenizer(path)
 *   tok.decode(tok.encode('Hello world').ids);   // 'Hello world'
 *   await tok.save('copy/tokenizer.json');       // atomic: temp file + rename
 *
 * There is one tokenizer class, the core's. The `Tokenizer` exported here is that class
 * with file methods added (fromFile, fromVocabMerges, fromVocabTxt, save, trainFromFiles)
 * and nothing overridden: its instances are `instanceof` the core Tokenizer and encode,
 * decode and serialise through the same code. It exists so Node callers can write
 * `Tokenizer.fromFile(path)` as in Hugging Face's tokenizers; `loadTokenizer` and
 * `saveTokenizer` are the same operations as functions, and `saveTokenizer` also takes a
 * tokenizer made by the core (e.g. `Tokenizer.fromJSON` from '@llm/tokenizer').
 */
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ByteLevelDecoder } from './decoders/byte-level.js';
import { WordPieceDecoder } from './decoders/word-piece.js';
import { TokenizerError } from './errors.js';
import { Bpe } from './models/bpe.js';
import { WordPiece } from './models/word-piece.js';
import { BertNormalizer } from './normalizers/bert-normalizer.js';
import { BertProcessing } from './post-processors/bert-processing.js';
import { ByteLevelPostProcessor } from './post-processors/byte-level.js';
import { BertPreTokenizer } from './pre-tokenizers/bert-pre-tokenizer.js';
import { ByteLevel } from './pre-tokenizers/byte-level.js';
import { Tokenizer as CoreTokenizer, type Trainer } from './tokenizer.js';
import { readVocab } from './vocab.js';

export * from './index.js';

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (e) {
    throw new TokenizerError(
      `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new TokenizerError(
      `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}

/** Loads a tokenizer.json (see `Tokenizer.fromFile`); errors name the file and the field. */
export async function loadTokenizer(path: string): Promise<Tokenizer> {
  // the bytes go through the core's loader, the one browsers use with fetched bytes
  return Tokenizer.fromBuffer(await readBytes(path), path) as Tokenizer;
}

/** Writes any tokenizer's tokenizer.json atomically (see `Tokenizer.prototype.save`). */
export async function saveTokenizer(
  tokenizer: CoreTokenizer,
  path: string,
  pretty = true,
): Promise<void> {
  await writeFileAtomic(path, tokenizer.toString(pretty));
}

/** Writes through a temp file in the same folder and renames it over the target. */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new TokenizerError(
      `cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}

/**
 * The lines of the files, each with its line ending (as HF's trainer reads them),
 * streamed: memory holds one chunk, never a whole file.
 */
export async function* readLines(paths: readonly string[]): AsyncGenerator<string> {
  for (const path of paths) {
    const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
    let rest = '';
    try {
      for await (const chunk of stream as AsyncIterable<string>) {
        const text = rest + chunk;
        let start = 0;
        for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
          yield text.slice(start, nl + 1);
          start = nl + 1;
        }
        rest = text.slice(start);
      }
    } catch (e) {
      throw new TokenizerError(
        `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      );
    }
    if (rest !== '') yield rest;
  }
}

/** The core Tokenizer plus file methods; see the module comment (not a second tokenizer). */
export class Tokenizer extends CoreTokenizer {
  /** Loads a tokenizer.json; errors name the file and the field. */
  static async fromFile(path: string): Promise<Tokenizer> {
    return loadTokenizer(path);
  }

  /** GPT-2's `vocab.json` + `merges.txt` as a byte-level BPE tokenizer. */
  static async fromVocabMerges(vocabPath: string, mergesPath: string): Promise<Tokenizer> {
    let vocabJson: unknown;
    try {
      vocabJson = JSON.parse(await readText(vocabPath));
    } catch (e) {
      if (e instanceof TokenizerError) throw e;
      throw new TokenizerError(`${vocabPath} is not valid JSON: ${(e as Error).message}`);
    }
    const { vocab } = readVocab(vocabJson as never, vocabPath);
    const merges: [string, string][] = [];
    (await readText(mergesPath)).split('\n').forEach((line, i) => {
      const l = line.replace(/\r$/, '');
      if (l === '' || (i === 0 && l.startsWith('#version'))) return;
      const parts = l.split(' ');
      if (parts.length !== 2)
        throw new TokenizerError(`${mergesPath}:${i + 1}: a merge must be two tokens`);
      merges.push([parts[0]!, parts[1]!]);
    });
    return new Tokenizer(new Bpe(vocab, merges, {}, mergesPath), {
      preTokenizer: new ByteLevel({ addPrefixSpace: false }),
      postProcessor: new ByteLevelPostProcessor({ trimOffsets: false }),
      decoder: new ByteLevelDecoder(),
    });
  }

  /** BERT's `vocab.txt` as a WordPiece tokenizer with BERT's pipeline and specials. */
  static async fromVocabTxt(
    path: string,
    options: { lowercase?: boolean } = {},
  ): Promise<Tokenizer> {
    const wp = WordPiece.fromVocabTxt(await readText(path));
    const cls = wp.tokenToId('[CLS]');
    const sep = wp.tokenToId('[SEP]');
    const tok = new Tokenizer(wp, {
      normalizer: new BertNormalizer({ lowercase: options.lowercase ?? true }),
      preTokenizer: new BertPreTokenizer(),
      postProcessor:
        cls !== undefined && sep !== undefined
          ? new BertProcessing(['[SEP]', sep], ['[CLS]', cls])
          : null,
      decoder: new WordPieceDecoder(),
    });
    tok.addSpecialTokens(
      ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'].filter((t) => wp.tokenToId(t) !== undefined),
    );
    return tok;
  }

  /** Writes tokenizer.json atomically. */
  async save(path: string, pretty = true): Promise<void> {
    await saveTokenizer(this, path, pretty);
  }

  /** Trains on files streamed line by line (files may be larger than memory). */
  async trainFromFiles(trainer: Trainer, paths: readonly string[]): Promise<this> {
    let batch: string[] = [];
    for await (const line of readLines(paths)) {
      batch.push(line);
      if (batch.length >= 10_000) {
        trainer.feed(batch, (s) => this.wordsOf(s));
        batch = [];
      }
    }
    trainer.feed(batch, (s) => this.wordsOf(s));
    return this.trainWith(trainer);
  }
}
