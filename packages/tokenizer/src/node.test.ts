import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { Bpe } from './models/bpe.js';
import {
  BpeTrainer,
  ByteLevel,
  loadTokenizer,
  readLines,
  saveTokenizer,
  Tokenizer,
  TokenizerError,
} from './node.js';
import { Tokenizer as CoreTokenizer } from './tokenizer.js';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../test/fixtures/${name}`, import.meta.url));
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tok-node-'));
});

describe('@llm/tokenizer/node', () => {
  it('loads tokenizer.json from a file and saves it atomically', async () => {
    const tok = await Tokenizer.fromFile(fixture('gpt2-tokenizer.json'));
    expect(tok).toBeInstanceOf(Tokenizer);
    expect(tok.encode('Hello world').ids).toEqual([15496, 995]);
    const out = join(dir, 'nested', 'tokenizer.json');
    await tok.save(out);
    expect(readdirSync(join(dir, 'nested'))).toEqual(['tokenizer.json']); // no temp file left
    expect((await Tokenizer.fromFile(out)).encode('Hello world').ids).toEqual([15496, 995]);
  });

  it('is the core Tokenizer with file methods, not a second tokenizer', async () => {
    expect(Object.getPrototypeOf(Tokenizer)).toBe(CoreTokenizer);
    // nothing of the core is overridden: encode, decode and JSON are the same code
    const own = Object.getOwnPropertyNames(Tokenizer.prototype).sort();
    expect(own).toEqual(['constructor', 'save', 'trainFromFiles']);
    const loaded = await loadTokenizer(fixture('gpt2-tokenizer.json'));
    expect(loaded).toBeInstanceOf(CoreTokenizer);
    expect(loaded).toBeInstanceOf(Tokenizer);
    expect(loaded.encode('Hello world').ids).toEqual([15496, 995]);
    // a tokenizer the browser-safe core made can be saved too
    const core = CoreTokenizer.fromBuffer(readFileSync(fixture('gpt2-tokenizer.json')));
    const out = join(dir, 'core', 'tokenizer.json');
    await saveTokenizer(core, out);
    expect(readFileSync(out, 'utf8')).toBe(core.toString());
    expect((await Tokenizer.fromFile(out)).encode('Hello world').ids).toEqual([15496, 995]);
  });

  it('rejects a file that is not UTF-8, naming it', async () => {
    const latin1 = join(dir, 'latin1.json');
    writeFileSync(latin1, Buffer.from('{"model": "caf\xe9"}', 'latin1'));
    await expect(Tokenizer.fromFile(latin1)).rejects.toThrow(`${latin1} is not valid UTF-8`);
  });

  it('names the file and the field in errors, in one line', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ model: { type: 'BPE', vocab: [], merges: [] } }));
    await expect(Tokenizer.fromFile(bad)).rejects.toThrow(`${bad}: model.vocab must be an object`);
    writeFileSync(bad, '{"model": ');
    await expect(Tokenizer.fromFile(bad)).rejects.toThrow(
      new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not valid JSON`),
    );
    await expect(Tokenizer.fromFile(join(dir, 'nope.json'))).rejects.toThrow(
      /cannot read .*nope\.json: ENOENT/,
    );
    await expect(Tokenizer.fromFile(join(dir, 'nope.json'))).rejects.toBeInstanceOf(TokenizerError);
  });

  it('loads GPT-2 vocab.json + merges.txt into the same tokenizer as tokenizer.json', async () => {
    const json = JSON.parse(readFileSync(fixture('gpt2-tokenizer.json'), 'utf8'));
    const vocabPath = join(dir, 'vocab.json');
    const mergesPath = join(dir, 'merges.txt');
    writeFileSync(vocabPath, JSON.stringify(json.model.vocab));
    const merges = (json.model.merges as (string | string[])[]).map((m) =>
      typeof m === 'string' ? m : m.join(' '),
    );
    writeFileSync(mergesPath, `#version: 0.2\n${merges.join('\n')}\n`);
    const a = await Tokenizer.fromVocabMerges(vocabPath, mergesPath);
    const b = await Tokenizer.fromFile(fixture('gpt2-tokenizer.json'));
    const text = "Call me Ishmael. Some years ago—never mind how long precisely 1234 they'll";
    expect(a.encode(text).ids).toEqual(b.encode(text).ids);
    expect(a.decode(a.encode(text).ids)).toBe(text);
  });

  it('loads BERT vocab.txt into the same tokenizer as the saved tokenizer.json', async () => {
    const a = await Tokenizer.fromVocabTxt(fixture('bert-base-uncased-vocab.txt'));
    const b = await Tokenizer.fromFile(fixture('bert-base-uncased-tokenizer.json'));
    const text = 'Héllo, [MASK] WORLD! 日本 unaffable';
    expect(a.encode(text, { pair: 'second one' })).toEqual(b.encode(text, { pair: 'second one' }));
  });

  it('streams lines with their endings, across chunk boundaries', async () => {
    const p = join(dir, 'lines.txt');
    const long = 'x'.repeat(3 << 20);
    writeFileSync(p, `a\r\nb\n${long}\nlast`);
    const lines: string[] = [];
    for await (const l of readLines([p])) lines.push(l);
    expect(lines).toEqual(['a\r\n', 'b\n', `${long}\n`, 'last']);
  });

  it('trains from files exactly as from the same lines in memory', async () => {
    const p = join(dir, 'corpus.txt');
    const text = 'the cat sat on the mat\nthe dog sat on the log\n'.repeat(50);
    writeFileSync(p, text);
    const make = () =>
      new Tokenizer(new Bpe(new Map(), []), {
        preTokenizer: new ByteLevel({ addPrefixSpace: false }),
      });
    const fromFiles = await make().trainFromFiles(new BpeTrainer({ vocabSize: 25 }), [p]);
    const inMemory = make().train(new BpeTrainer({ vocabSize: 25 }), text.split(/(?<=\n)/));
    expect(fromFiles.toString()).toBe(inMemory.toString());
    expect(fromFiles.getVocabSize()).toBe(25);
  });
});
