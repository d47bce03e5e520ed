import { readdirSync, readFileSync } from 'node:fs';
import { Linear, Module } from '@llm/layers';
import { DuplicateNameError, UnknownNameError } from '@llm/registry';
import { describe, expect, it } from 'vitest';
import * as api from './index.js';
import * as strategyExports from './strategies/index.js';

class Tiny extends Module {
  readonly body = this.registerModule('body', new Linear(4, 8));
  readonly head = this.registerModule('classifier', new Linear(8, 2, { bias: false }));
}

describe('@llm/finetune-strategies', () => {
  it('every file in strategies/ is exported and registered', () => {
    const files = readdirSync(new URL('./strategies/', import.meta.url))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts')
      .map((f) => f.replace(/\.ts$/, '').replace(/-(\w)/g, (_, c: string) => c.toUpperCase()));
    for (const name of files) expect(strategyExports, name).toHaveProperty(name);
    expect(api.strategies.names()).toContain('full');
  });

  it('full unfreezes and returns every parameter', () => {
    const m = new Tiny().freeze();
    const trainable = api.getStrategy('full').apply(m);
    expect(trainable).toEqual(m.parameters());
    expect(trainable.every((p) => p.requiresGrad)).toBe(true);
  });

  it("reports trainable parameters in PEFT's words", () => {
    const m = new Tiny();
    m.body.freeze();
    // body 4·8 + 8 = 40 frozen; classifier 16 trainable
    expect(api.trainableReport(m)).toBe(
      'trainable params: 16 || all params: 56 || trainable%: 28.5714',
    );
  });

  it('an unknown strategy is one line listing the known ones; a duplicate name throws', () => {
    expect(() => api.getStrategy('lora2')).toThrow(UnknownNameError);
    expect(() => api.getStrategy('lora2')).toThrow(/unknown strategy 'lora2' \(available: .*full/);
    const copy = { ...api.full };
    expect(() => api.strategyRegistry({ full: api.full, copy })).toThrow(DuplicateNameError);
  });

  it('the main entry reaches no node: module (browser-safe); the ./node entry does', () => {
    const reach = (entry: string) => {
      const seen = new Set<string>();
      const outside = new Set<string>();
      const visit = (url: URL) => {
        if (seen.has(url.href)) return;
        seen.add(url.href);
        for (const m of readFileSync(url, 'utf8').matchAll(
          /(?:import|export)\b[^'"]*?from\s*'([^']+)'/g,
        )) {
          const spec = m[1]!;
          if (spec.startsWith('.')) visit(new URL(spec.replace(/\.js$/, '.ts'), url));
          else outside.add(spec);
        }
      };
      visit(new URL(entry, import.meta.url));
      return [...outside].filter((s) => s.startsWith('node:') || s.endsWith('/node'));
    };
    expect(reach('./index.ts')).toEqual([]);
    expect(reach('./node.ts')).toEqual(
      expect.arrayContaining(['node:fs/promises', '@llm/tensor-core/node']),
    );
  });
});
