import { describe, expect, it } from 'vitest';
import {
  DuplicateNameError,
  registryFromExports,
  UnknownNameError,
} from './registry-from-exports.js';

interface Def {
  readonly name: string;
  readonly run: () => number;
}
const isDef = (v: unknown): v is Def =>
  typeof v === 'object' && v !== null && typeof (v as Def).run === 'function';
const def = (name: string, value = 0): Def => ({ name, run: () => value });

describe('registryFromExports', () => {
  it('keeps only the entries, sorted by name, frozen', () => {
    const sgd = def('sgd');
    const adam = def('adam');
    const adamw = def('adamw');
    const r = registryFromExports({
      kind: 'optimizer',
      exports: { sgd, adamw, adam, helper: () => 1, VERSION: 3 },
      is: isDef,
    });
    expect(r.names()).toEqual(['adam', 'adamw', 'sgd']);
    expect(r.values()).toEqual([adam, adamw, sgd]);
    expect(Object.keys(r.entries)).toEqual(['adam', 'adamw', 'sgd']);
    expect(r.get('adamw')).toBe(adamw);
    expect(r.has('sgd')).toBe(true);
    expect(r.has('helper')).toBe(false);
    expect(Object.isFrozen(r.entries)).toBe(true);
    expect(Object.isFrozen(r)).toBe(true);
  });

  it('sorts by code unit, whatever the locale', () => {
    const r = registryFromExports({
      kind: 'thing',
      exports: { a: def('b'), b: def('B'), c: def('a'), d: def('A-b') },
      is: isDef,
    });
    expect(r.names()).toEqual(['A-b', 'B', 'a', 'b']);
  });

  it('an unknown name throws one line listing the available names', () => {
    const r = registryFromExports({
      kind: 'optimizer',
      exports: { b: def('b'), a: def('a') },
      is: isDef,
    });
    expect(() => r.get('x')).toThrow(
      new UnknownNameError("unknown optimizer 'x' (available: a, b)"),
    );
    expect(() => r.get('x')).toThrow(UnknownNameError);
    // Object.prototype's names are not entries
    expect(r.has('toString')).toBe(false);
    expect(() => r.get('toString')).toThrow("unknown optimizer 'toString'");
  });

  it('an error factory keeps a package its own error class', () => {
    class MetricError extends Error {}
    const r = registryFromExports({
      kind: 'metric',
      exports: { f1: def('f1') },
      is: isDef,
      unknownError: (message) => new MetricError(message),
    });
    expect(() => r.get('f2')).toThrow(MetricError);
    expect(() => r.get('f2')).toThrow("unknown metric 'f2' (available: f1)");
  });

  it('two exports claiming one name throw, naming both exports', () => {
    const build = () =>
      registryFromExports({
        kind: 'command',
        exports: { first: def('x', 0), second: def('x', 1), other: def('y') },
        is: isDef,
      });
    expect(build).toThrow(DuplicateNameError);
    expect(build).toThrow("two commands are named 'x': exports 'first' and 'second'");
  });

  it('one entry exported under two names is not a duplicate', () => {
    const adam = def('adam');
    const r = registryFromExports({ kind: 'optimizer', exports: { adam, Adam: adam }, is: isDef });
    expect(r.names()).toEqual(['adam']);
    expect(r.values()).toEqual([adam]);
  });

  it('key picks the name: a static type, or several names for one entry', () => {
    class Lowercase {
      static readonly type = 'Lowercase';
      normalize = (s: string) => s.toLowerCase();
    }
    class Strip {
      static readonly type = 'Strip';
      normalize = (s: string) => s.trim();
    }
    const isClass = (v: unknown): v is { type: string } =>
      typeof v === 'function' && typeof (v as { type?: unknown }).type === 'string';
    const classes = registryFromExports({
      kind: 'normalizer',
      exports: { Strip, Lowercase },
      is: isClass,
      key: (c) => c.type,
    });
    expect(classes.get('Strip')).toBe(Strip);

    const gpt = { architectures: ['GPT2LMHeadModel', 'GPT2Model'] };
    const t5 = { architectures: ['T5ForConditionalGeneration'] };
    const isArch = (v: unknown): v is typeof gpt =>
      typeof v === 'object' && v !== null && 'architectures' in v;
    const archs = registryFromExports({
      kind: 'architecture',
      exports: { t5, gpt },
      is: isArch,
      key: (a) => a.architectures,
    });
    expect(archs.names()).toEqual(['GPT2LMHeadModel', 'GPT2Model', 'T5ForConditionalGeneration']);
    expect(archs.get('GPT2Model')).toBe(gpt);
    expect(archs.values()).toEqual([gpt, t5]);
    const clash = { architectures: ['GPT2Model'] };
    expect(() =>
      registryFromExports({
        kind: 'architecture',
        exports: { gpt, clash },
        is: isArch,
        key: (a) => a.architectures,
      }),
    ).toThrow("two architectures are named 'GPT2Model': exports 'gpt' and 'clash'");
  });

  it('an entry without a name is a mistake, not a silent skip', () => {
    expect(() =>
      registryFromExports({ kind: 'metric', exports: { bad: { run: () => 0 } }, is: isDef }),
    ).toThrow("metric export 'bad' has no name");
  });
});
