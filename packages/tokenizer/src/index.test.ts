import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
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

  it('reaches no node: module and no fs from src/index.ts, through every import (browser-safe)', () => {
    const core = reach(new URL('./index.ts', import.meta.url));
    expect(core.modules).toBeGreaterThan(30);
    expect(core.builtins).toEqual([]);
    expect(core.external).toEqual(['@llm/registry']);
    // the same walk does see the Node entry's imports, so the check above is not vacuous
    const node = reach(new URL('./node.ts', import.meta.url));
    expect(node.builtins).toEqual(expect.arrayContaining(['node:fs', 'node:fs/promises']));
  });
});

/**
 * Every module an entry imports, transitively, into @llm/* siblings too (through their
 * @llm/source export): what a bundler would pull into a browser build. Static, bare,
 * dynamic imports and require() all count.
 */
function reach(entry: URL): { modules: number; builtins: string[]; external: string[] } {
  const seen = new Set<string>();
  const external = new Set<string>();
  const found = new Set<string>();
  const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
  const importRe =
    /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*'([^']+)'|(?:^|\n)\s*import\s*'([^']+)'|\bimport\(\s*'([^']+)'\s*\)|\brequire\(\s*'([^']+)'\s*\)/g;
  const visit = (url: URL) => {
    if (seen.has(url.href)) return;
    seen.add(url.href);
    for (const m of readFileSync(url, 'utf8').matchAll(importRe)) {
      const spec = (m[1] ?? m[2] ?? m[3] ?? m[4])!;
      if (spec.startsWith('.')) visit(new URL(spec.replace(/\.js$/, '.ts'), url));
      else if (spec.startsWith('node:') || builtins.has(spec)) found.add(spec);
      else if (spec.startsWith('@llm/')) {
        external.add(spec);
        const [scope, name, ...sub] = spec.split('/');
        const pkg = new URL(`../node_modules/${scope}/${name}/`, import.meta.url);
        const { exports } = JSON.parse(readFileSync(new URL('package.json', pkg), 'utf8'));
        visit(new URL(exports[sub.length ? `./${sub.join('/')}` : '.']['@llm/source'], pkg));
      } else external.add(spec);
    }
  };
  visit(entry);
  return { modules: seen.size, builtins: [...found].sort(), external: [...external].sort() };
}
