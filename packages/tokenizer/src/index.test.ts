import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('@llm/tokenizer public API', () => {
  it('exports the tokenizer, the encoding and the errors', () => {
    expect(typeof api.Tokenizer.fromString).toBe('function');
    expect(typeof api.Tokenizer.fromJSON).toBe('function');
    expect(typeof api.Tokenizer.prototype.encode).toBe('function');
    expect(typeof api.Tokenizer.prototype.decode).toBe('function');
    expect(typeof api.Tokenizer.prototype.encodeBatch).toBe('function');
    expect(new api.Encoding().ids).toEqual([]);
    expect(new api.TokenizerError('x')).toBeInstanceOf(Error);
  });

  it('exports every model, trainer and pipeline piece by name', () => {
    const names = Object.keys(api);
    for (const name of [
      'Bpe',
      'WordPiece',
      'Unigram',
      'BpeTrainer',
      'WordPieceTrainer',
      'UnigramTrainer',
      'Nfc',
      'Nfd',
      'Nfkc',
      'Nfkd',
      'Lowercase',
      'StripAccents',
      'Replace',
      'BertNormalizer',
      'Precompiled',
      'ByteLevel',
      'Whitespace',
      'WhitespaceSplit',
      'Punctuation',
      'Metaspace',
      'Digits',
      'Split',
      'BertPreTokenizer',
      'BertProcessing',
      'TemplateProcessing',
      'ByteLevelPostProcessor',
      'ByteLevelDecoder',
      'WordPieceDecoder',
      'MetaspaceDecoder',
    ]) {
      expect(names, name).toContain(name);
    }
  });

  it('has no Node-only import in the core (it runs in a browser)', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dir = new URL('./', import.meta.url);
    const files = readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'node.ts');
    expect(files.length).toBeGreaterThan(30);
    for (const f of files) {
      const src = readFileSync(new URL(f, dir), 'utf8');
      expect(src, f).not.toMatch(/from 'node:|require\(|process\./);
    }
  });
});
