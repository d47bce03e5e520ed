import { Rng, type Tensor, tensor } from '@llm/tensor-core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Objective, ObjectiveBatch, ObjectiveExample, ObjectiveModel } from './index.js';
import * as api from './index.js';

interface Batch {
  readonly ids: Tensor;
  readonly targets: Int32Array;
}
type Model = { forward(ids: Tensor): Tensor };

// A toy objective written against the interface alone: the model is a structural type.
const sumObjective: Objective<Model, Batch> = {
  name: 'sum',
  makeBatch: (examples, rng) => {
    const flat = Int32Array.from(examples.flatMap((e) => [...e]));
    const pick = rng.int(flat.length);
    return { ids: tensor(flat, [flat.length]), targets: flat.subarray(pick, pick + 1) };
  },
  loss: (model, batch) => model.forward(batch.ids).sum(),
  countTargets: (batch) => batch.targets.length,
};

describe('@llm/objectives public API', () => {
  it('exports only the Objective types until the built-in objectives land (no runtime values)', () => {
    expect(Object.keys(api)).toEqual([]);
  });

  it('types an objective by the model it needs, the batch it makes and the examples it takes', () => {
    expectTypeOf<ObjectiveModel<typeof sumObjective>>().toEqualTypeOf<Model>();
    expectTypeOf<ObjectiveBatch<typeof sumObjective>>().toEqualTypeOf<Batch>();
    expectTypeOf<ObjectiveExample<typeof sumObjective>>().toEqualTypeOf<Int32Array>();
    expectTypeOf<Objective<Model, Batch>['countTargets']>().toEqualTypeOf<
      ((batch: Batch) => number) | undefined
    >();
  });

  it('lets any model with the right forward train with an objective', () => {
    const doubler: Model = { forward: (ids) => ids.float().mul(2) };
    const batch = sumObjective.makeBatch([Int32Array.of(1, 2), Int32Array.of(3)], new Rng(0));
    expect(sumObjective.loss(doubler, batch).item()).toBe(12);
    expect(sumObjective.countTargets?.(batch)).toBe(1);
  });
});
