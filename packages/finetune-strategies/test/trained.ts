// The check every strategy test makes: apply, take one SGD step, and compare which
// parameters train with what the strategy promised — all others bit-identical.
import { expect } from 'vitest';
import type { FinetuneStrategy, StrategyOptions } from '../src/finetune-strategy.js';
import { type FixtureName, loadFixture, sgdStep } from './helpers.js';

/** Applies `strategy` to a fixture, steps once, and returns the trainable names (model order). */
export async function trainedNames(
  strategy: FinetuneStrategy,
  fixture: FixtureName,
  options?: StrategyOptions,
): Promise<string[]> {
  const { model, inputs } = await loadFixture(fixture);
  const trainable = strategy.apply(model, options);
  const names = model
    .namedParameters()
    .filter(([, p]) => p.requiresGrad)
    .map(([n]) => n);
  // what apply returns is exactly what has requiresGrad
  const flagged = model.parameters().filter((p) => p.requiresGrad);
  expect(trainable.length).toBe(flagged.length);
  expect(trainable.every((p) => flagged.includes(p))).toBe(true); // the same tensors, not copies
  const { changed, withGrad } = sgdStep(model, inputs, trainable);
  expect(withGrad.filter((n) => !names.includes(n))).toEqual([]); // frozen: no gradient
  expect(changed.filter((n) => !names.includes(n))).toEqual([]); // frozen: bit-identical
  expect(changed.length).toBeGreaterThan(0);
  return names;
}
