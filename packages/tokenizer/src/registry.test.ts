import { readdirSync } from 'node:fs';
import { DuplicateNameError } from '@llm/registry';
import { describe, expect, it } from 'vitest';
import * as decoders from './decoders/index.js';
import * as models from './models/index.js';
import * as normalizers from './normalizers/index.js';
import * as postProcessors from './post-processors/index.js';
import * as preTokenizers from './pre-tokenizers/index.js';
import {
  decoderRegistry,
  loadModel,
  loadNormalizer,
  modelRegistry,
  normalizerRegistry,
  postProcessorRegistry,
  preTokenizerRegistry,
  registryOf,
} from './registry.js';
import * as trainers from './trainers/index.js';

const folders = {
  normalizers: [normalizers, normalizerRegistry],
  'pre-tokenizers': [preTokenizers, preTokenizerRegistry],
  models: [models, modelRegistry],
  'post-processors': [postProcessors, postProcessorRegistry],
  decoders: [decoders, decoderRegistry],
  trainers: [trainers, null],
} as const;

describe('registries are built from the folders', () => {
  it.each(Object.entries(folders))(
    'every file in %s/ is exported and registered',
    async (folder, [exported, registry]) => {
      const files = readdirSync(new URL(`./${folder}/`, import.meta.url)).filter(
        (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts',
      );
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) {
        const url = new URL(`./${folder}/${f}`, import.meta.url).href;
        const mod = (await import(/* @vite-ignore */ url)) as Record<string, unknown>;
        const classes = Object.entries(mod).filter(
          ([, v]) => typeof v === 'function' && /^[A-Z]/.test(v.name),
        );
        expect(classes.length, `${folder}/${f} exports a class`).toBeGreaterThan(0);
        // the file's main class is exported from the folder's index…
        const main =
          classes.find(([, v]) => typeof (v as { type?: unknown }).type === 'string') ??
          classes[0]!;
        expect(
          Object.values(exported),
          `${folder}/${f} is exported from ${folder}/index.ts`,
        ).toContain(main[1]);
        // …and, for pipeline pieces, registered under its HF type name
        if (registry !== null) {
          const type = (main[1] as { type: string }).type;
          expect(registry.get(type), `${folder}/${f} registered as ${type}`).toBe(main[1]);
        }
      }
    },
  );

  it('names the supported types when a type is unknown', () => {
    expect(() => loadModel({ type: 'Nope' }, 'model')).toThrow(
      'model.type: unknown model "Nope" (supported: BPE, Unigram, WordPiece)',
    );
    expect(() => loadNormalizer({ kind: 'NFC' }, 'normalizer')).toThrow(
      /normalizer\.type must be a string naming the normalizer \(supported: BertNormalizer, Lowercase, NFC/,
    );
  });

  it('refuses two classes with one type, naming both exports (no last-one-wins)', () => {
    const { Lowercase } = normalizers;
    // a second class claiming the HF type 'Lowercase'
    class MyLowercase extends Lowercase {}
    expect(MyLowercase.type).toBe('Lowercase');
    const build = () => registryOf({ Lowercase, MyLowercase }, 'normalizer');
    expect(build).toThrow(DuplicateNameError);
    expect(build).toThrow(
      "two normalizers are named 'Lowercase': exports 'Lowercase' and 'MyLowercase'",
    );
  });

  it('lists the types in code-unit order, one entry per class', () => {
    expect([...normalizerRegistry.keys()]).toEqual([...normalizerRegistry.keys()].sort());
    expect(normalizerRegistry.get('NotAType')).toBeUndefined();
  });
});
