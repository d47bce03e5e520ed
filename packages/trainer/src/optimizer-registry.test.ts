import { DuplicateNameError } from '@llm/registry';
import { describe, expect, it } from 'vitest';
import { getOptimizer, optimizerRegistry, optimizers } from './optimizer-registry.js';
import { adam, adamW, sgd } from './optimizers/index.js';
import { UnknownNameError } from './registry.js';

describe('optimizer registry', () => {
  it('holds every exported optimizer by name, in name order', () => {
    expect(Object.keys(optimizers)).toEqual(['adam', 'adamw', 'sgd']);
    expect(getOptimizer('adamw')).toBe(adamW);
    expect(() => getOptimizer('lion')).toThrow(UnknownNameError);
  });

  it('refuses two exports with one name, naming both', () => {
    const copy = { ...adam, summary: 'a second adam' };
    expect(() => optimizerRegistry({ adam, sgd, copy })).toThrow(DuplicateNameError);
    expect(() => optimizerRegistry({ adam, sgd, copy })).toThrow(
      "two optimizers are named 'adam': exports 'adam' and 'copy'",
    );
  });
});
