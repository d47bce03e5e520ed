import { Conv1D, Linear } from '@llm/layers';
import { noGrad, Rng, randn } from '@llm/tensor-core';
import { describe, expect, it } from 'vitest';
import { maxAbsDiff } from '../test/helpers.js';
import { LoraLayer } from './lora-layer.js';

// B batch, T time, I in, O out, r rank
const I = 6;
const O = 5;
const x = randn([2, 3, I], { rng: new Rng(7) }); // [B, T, I]

function bases() {
  const rng = new Rng(1);
  return [new Linear(I, O, { std: 0.5, rng }), new Conv1D(I, O, { std: 0.5, rng })] as const;
}

/** y = x Wᵀ + b + scale · x Aᵀ Bᵀ, by loops: the definition the layer must meet. */
function reference(layer: LoraLayer): number[] {
  const w = layer.baseLayer.weight.data;
  const bias = layer.baseLayer.bias!.data;
  const a = layer.loraA.weight.data; // [r, I]
  const b = layer.loraB.weight.data; // [O, r]
  const out: number[] = [];
  for (let row = 0; row < 6; row++)
    for (let o = 0; o < O; o++) {
      let y = bias[o]!;
      for (let i = 0; i < I; i++)
        y += x.data[row * I + i]! * w[layer.fanInFanOut ? i * O + o : o * I + i]!;
      for (let k = 0; k < layer.r; k++) {
        let h = 0;
        for (let i = 0; i < I; i++) h += x.data[row * I + i]! * a[k * I + i]!;
        y += layer.scale * b[o * layer.r + k]! * h;
      }
      out.push(y);
    }
  return out;
}

describe('LoraLayer', () => {
  it.each([0, 1])(
    'base %i (Linear, Conv1D): B = 0 leaves the output unchanged, bit for bit',
    (k) => {
      const base = bases()[k]!;
      const before = noGrad(() => base.forward(x)).data;
      const layer = new LoraLayer(base, { r: 2, alpha: 4, rng: new Rng(0) });
      expect([...noGrad(() => layer.forward(x)).data]).toEqual([...before]);
    },
  );

  it.each([0, 1])(
    'base %i: forward is W x + (alpha/r)·B A x; merged equals unmerged; unmerge restores W',
    (k) => {
      const base = bases()[k]!;
      const w0 = Float32Array.from(base.weight.data);
      const layer = new LoraLayer(base, { r: 3, alpha: 6, rng: new Rng(0) });
      expect(layer.scale).toBe(2);
      layer.loraB.weight.data.set(randn([O, 3], { rng: new Rng(2) }).data);
      const y = noGrad(() => layer.forward(x)).data;
      expect(maxAbsDiff(y, reference(layer))).toBeLessThan(1e-5);
      layer.merge();
      expect(layer.merged).toBe(true);
      expect(maxAbsDiff(base.weight.data, w0)).toBeGreaterThan(1e-3); // the update is in W
      expect(maxAbsDiff(noGrad(() => layer.forward(x)).data, y)).toBeLessThan(1e-5);
      layer.merge(); // twice is once
      layer.unmerge();
      expect(maxAbsDiff(base.weight.data, w0)).toBeLessThan(1e-6); // float32 rounding only
      expect(maxAbsDiff(noGrad(() => layer.forward(x)).data, y)).toBeLessThan(1e-6);
    },
  );

  it("A is PEFT's Kaiming-uniform U(±1/√in), seeded; rsLoRA scales by alpha/√r", () => {
    const a = new LoraLayer(bases()[0], { r: 4, rng: new Rng(3) }).loraA.weight.data;
    const again = new LoraLayer(bases()[0], { r: 4, rng: new Rng(3) }).loraA.weight.data;
    const other = new LoraLayer(bases()[0], { r: 4, rng: new Rng(4) }).loraA.weight.data;
    expect([...a]).toEqual([...again]);
    expect([...a]).not.toEqual([...other]);
    const bound = 1 / Math.sqrt(I);
    expect(Math.max(...a.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...a.map(Math.abs))).toBeGreaterThan(0.7 * bound);
    expect(new LoraLayer(bases()[0], { r: 4, alpha: 8, useRslora: true }).scale).toBe(4);
    expect(new LoraLayer(bases()[0], { r: 4, alpha: 8 }).scale).toBe(2);
  });

  it("only A and B get gradients; names are PEFT's", () => {
    const layer = new LoraLayer(bases()[1], { r: 2, rng: new Rng(0) });
    layer.loraB.weight.data.fill(0.1);
    layer.forward(x).sum().backward();
    const graded = layer
      .namedParameters()
      .filter(([, p]) => p.grad)
      .map(([n]) => n);
    expect(graded).toEqual(['lora_A.weight', 'lora_B.weight']);
    expect(layer.namedParameters().map(([n]) => n)).toEqual([
      'base_layer.weight',
      'base_layer.bias',
      'lora_A.weight',
      'lora_B.weight',
    ]);
    expect(() => new LoraLayer(bases()[0], { r: 0 })).toThrow(
      /r must be a positive integer, got 0/,
    );
  });
});
