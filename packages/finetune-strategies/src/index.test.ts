import { readdirSync } from 'node:fs';
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
});
