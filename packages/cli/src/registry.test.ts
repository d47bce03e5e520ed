import { readdirSync } from 'node:fs';
import { DuplicateNameError } from '@llm/registry';
import { describe, expect, it } from 'vitest';
import { defineCommand } from './command.js';
import * as exported from './commands/index.js';
import { commandTable } from './registry.js';

describe('command table', () => {
  it('exports every file in commands/ (a file that is not exported is never reachable)', () => {
    const files = readdirSync(new URL('./commands/', import.meta.url))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts')
      .map((f) => f.replace(/\.ts$/, ''));
    const names = commandTable().map((c) => c.name);
    expect(names.sort()).toEqual(files.sort());
    expect(Object.keys(exported).length).toBe(files.length);
  });

  it('refuses two commands with one name', () => {
    const a = defineCommand({ name: 'x', summary: '', options: {}, run: () => 0 });
    const b = defineCommand({ name: 'x', summary: '', options: {}, run: () => 1 });
    expect(() => commandTable({ a, b })).toThrow("two commands are named 'x'");
    // both exports are named, so the clash is found without a search
    expect(() => commandTable({ a, b })).toThrow(DuplicateNameError);
    expect(() => commandTable({ a, b })).toThrow("exports 'a' and 'b'");
  });

  it('ignores exports that are not commands and sorts by name', () => {
    const z = defineCommand({ name: 'zeta', summary: '', options: {}, run: () => 0 });
    const a = defineCommand({ name: 'alpha', summary: '', options: {}, run: () => 0 });
    expect(commandTable({ z, a, helper: () => 0, n: 3 }).map((c) => c.name)).toEqual([
      'alpha',
      'zeta',
    ]);
  });
});
