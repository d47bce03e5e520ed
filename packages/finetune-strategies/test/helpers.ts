// Test helpers shared by the strategy tests: the models package's tiny real checkpoints,
// and one manual SGD step that reports which parameters moved.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  fromPretrained,
  type ModelInputs,
  type PretrainedModel,
  readInputsFile,
} from '@llm/models';
import { noGrad, type Tensor } from '@llm/tensor-core';

export const fixtures = fileURLToPath(new URL('../../models/test/fixtures/', import.meta.url));

export type FixtureName = 'gpt2' | 'bert' | 'bert_cls' | 't5';

export async function loadFixture(
  name: FixtureName,
): Promise<{ model: PretrainedModel; inputs: ModelInputs }> {
  const model = await fromPretrained(join(fixtures, name));
  const inputs = await readInputsFile(join(fixtures, name, 'inputs.json'));
  return { model, inputs };
}

export function logits(model: PretrainedModel, inputs: ModelInputs): Float32Array {
  return Float32Array.from(noGrad(() => model.forward(inputs).logits).data);
}

/**
 * One SGD step (lr 0.1) on `trainable` from the model's own loss; returns the names of
 * the parameters whose values changed and of those that got a gradient.
 */
export function sgdStep(
  model: PretrainedModel,
  inputs: ModelInputs,
  trainable: Tensor[],
): { changed: string[]; withGrad: string[] } {
  const before = new Map(model.namedParameters().map(([n, p]) => [n, Float32Array.from(p.data)]));
  model.zeroGrad();
  model.forward(inputs).loss!.backward();
  for (const p of trainable) {
    const g = p.grad?.data;
    if (g) for (let i = 0; i < p.size; i++) p.data[i]! -= 0.1 * g[i]!;
  }
  const changed: string[] = [];
  const withGrad: string[] = [];
  for (const [n, p] of model.namedParameters()) {
    const old = before.get(n)!;
    if (p.data.some((v, i) => v !== old[i])) changed.push(n);
    if (p.grad) withGrad.push(n);
  }
  return { changed, withGrad };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
