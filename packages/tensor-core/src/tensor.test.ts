import v8 from 'node:v8';
import vm from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noGrad } from './autograd.js';
import { Rng } from './rng.js';
import { ShapeError } from './shape.js';
import { arange, full, ones, randn, type Tensor, tensor, uniform, zeros } from './tensor.js';

describe('creation', () => {
  it('builds from nested arrays, numbers and typed arrays', () => {
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(x.shape).toEqual([2, 3]);
    expect(x.dtype).toBe('float32');
    expect(x.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(tensor(3.5).shape).toEqual([]);
    expect(tensor(3.5).item()).toBe(3.5);
    const data = new Float32Array(6);
    const view = tensor(data, [3, 2]);
    data[5] = 7; // shares the array
    expect(view.toArray()).toEqual([
      [0, 0],
      [0, 0],
      [0, 7],
    ]);
    expect(tensor([1, 2], { dtype: 'int32' }).data).toBeInstanceOf(Int32Array);
  });

  it('refuses ragged arrays and sizes that do not fill the shape', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(/ragged nested array at \[1\]/);
    expect(() => tensor(new Float32Array(5), [2, 3])).toThrow(
      /5 values do not fill shape \[2, 3\]/,
    );
    expect(() => zeros([2, -1])).toThrow(ShapeError);
  });

  it('zeros, ones, full, arange', () => {
    expect(zeros([2]).toArray()).toEqual([0, 0]);
    expect(ones([1, 2]).toArray()).toEqual([[1, 1]]);
    expect(full([2], 3, { dtype: 'int32' }).toArray()).toEqual([3, 3]);
    expect(arange(4).toArray()).toEqual([0, 1, 2, 3]);
    expect(arange(4).dtype).toBe('int32');
    expect(arange(1, 2, 0.25).toArray()).toEqual([1, 1.25, 1.5, 1.75]);
  });

  it('randn and uniform follow their seeded generator', () => {
    const a = randn([1000], { rng: new Rng(5) });
    const b = randn([1000], { rng: new Rng(5) });
    expect(a.data).toEqual(b.data);
    const values = Array.from(a.data);
    const mean = values.reduce((s, v) => s + v, 0) / 1000;
    const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / 1000;
    expect(Math.abs(mean)).toBeLessThan(0.1); // 3σ of the mean of 1000 normals ≈ 0.095
    expect(Math.abs(variance - 1)).toBeLessThan(0.15);
    const u = uniform([1000], -2, 3, { rng: new Rng(1) });
    expect(Math.min(...u.data)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...u.data)).toBeLessThan(3);
  });
});

describe('shape ops', () => {
  const x = tensor([
    [
      [0, 1, 2],
      [3, 4, 5],
    ],
    [
      [6, 7, 8],
      [9, 10, 11],
    ],
  ]); // [2, 2, 3]

  it('reshape (with -1), flatten, unsqueeze, squeeze', () => {
    expect(x.reshape(3, -1).shape).toEqual([3, 4]);
    expect(x.flatten().shape).toEqual([12]);
    expect(x.flatten(1).shape).toEqual([2, 6]);
    expect(x.unsqueeze(1).shape).toEqual([2, 1, 2, 3]);
    expect(x.unsqueeze(1).squeeze(1).shape).toEqual([2, 2, 3]);
    expect(() => x.reshape(5, -1)).toThrow(
      /reshape: cannot view \[2, 2, 3\] \(12 values\) as \[5, -1\]/,
    );
  });

  it('permute and transpose move values like PyTorch', () => {
    expect(x.permute(2, 0, 1).toArray()).toEqual([
      [
        [0, 3],
        [6, 9],
      ],
      [
        [1, 4],
        [7, 10],
      ],
      [
        [2, 5],
        [8, 11],
      ],
    ]);
    expect(x.transpose().toArray()).toEqual([
      [
        [0, 3],
        [1, 4],
        [2, 5],
      ],
      [
        [6, 9],
        [7, 10],
        [8, 11],
      ],
    ]);
    expect(() => x.permute(0, 0, 1)).toThrow(/repeated axis/);
  });

  it('slice, split, gather, indexSelect, concat, stack', async () => {
    const { concat, stack } = await import('./ops/index.js');
    expect(x.slice(2, 1).toArray()).toEqual([
      [
        [1, 2],
        [4, 5],
      ],
      [
        [7, 8],
        [10, 11],
      ],
    ]);
    expect(x.slice(0, -1).shape).toEqual([1, 2, 3]);
    expect(x.split(2, -1).map((t) => t.shape)).toEqual([
      [2, 2, 2],
      [2, 2, 1],
    ]);
    expect(() => x.split([1, 1], -1)).toThrow(/do not add up to 3/);
    const ids = tensor([[2, 0]], { dtype: 'int32' });
    expect(
      tensor([
        [1, 1],
        [2, 2],
        [3, 3],
      ])
        .indexSelect(0, ids)
        .toArray(),
    ).toEqual([
      [
        [3, 3],
        [1, 1],
      ],
    ]);
    expect(
      tensor([
        [1, 2],
        [3, 4],
      ])
        .gather(1, tensor([[1], [0]], { dtype: 'int32' }))
        .toArray(),
    ).toEqual([[2], [3]]);
    expect(concat([tensor([[1]]), tensor([[2, 3]])], 1).toArray()).toEqual([[1, 2, 3]]);
    expect(stack([tensor([1, 2]), tensor([3, 4])], 1).toArray()).toEqual([
      [1, 3],
      [2, 4],
    ]);
    expect(() => concat([zeros([2, 2]), zeros([3, 3])], 0)).toThrow(
      /concat: shapes \[2, 2\], \[3, 3\] differ off axis 0/,
    );
  });

  it('where and maskedFill broadcast the mask', () => {
    const mask = tensor([[1], [0]], { dtype: 'int32' });
    expect(
      tensor([
        [1, 2],
        [3, 4],
      ])
        .maskedFill(mask, -1)
        .toArray(),
    ).toEqual([
      [-1, -1],
      [3, 4],
    ]);
    expect(
      tensor([
        [1, 2],
        [3, 4],
      ])
        .where(mask, 0)
        .toArray(),
    ).toEqual([
      [1, 2],
      [0, 0],
    ]);
  });
});

describe('errors name the op and both shapes', () => {
  it.each([
    [() => tensor([1, 2, 3]).add(tensor([1, 2])), 'add: shapes [3] and [2] do not broadcast'],
    [
      () => tensor([[1, 2]]).matmul(tensor([[1, 2]])),
      'matmul: shapes [1, 2] and [1, 2] do not multiply',
    ],
    [
      () => tensor([[1, 2]]).layerNorm(3),
      'layerNorm: normalized shape [3] does not match the end of input [1, 2]',
    ],
    [
      () => tensor([[1, 2]]).crossEntropy(tensor([0, 1], { dtype: 'int32' })),
      'crossEntropy: logits [1, 2] need targets of shape [1], got [2]',
    ],
    [
      () => tensor([[1, 2]]).crossEntropy(tensor([5], { dtype: 'int32' })),
      'crossEntropy: target 5 at position 0 is out of range for 2 classes',
    ],
    [() => tensor([1]).sum(1), 'sum: axis 1 is out of range for a 1-d tensor'],
    [
      () => tensor([[1, 2]]).indexSelect(0, tensor([3], { dtype: 'int32' })),
      'indexSelect: index 3 is out of range for axis 0 of size 1',
    ],
  ])('%#', (fn, message) => {
    expect(fn).toThrow(message);
  });
});

describe('autograd', () => {
  it('accumulates into .grad across backward calls until zeroGrad', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    x.mul(x).sum().backward();
    expect(x.grad!.toArray()).toEqual([2, 4, 6]);
    x.mul(3).sum().backward();
    expect(x.grad!.toArray()).toEqual([5, 7, 9]);
    x.zeroGrad();
    expect(x.grad).toBeNull();
  });

  it('backward with an explicit upstream gradient, and refuses a non-scalar without one', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(x);
    expect(() => y.backward()).toThrow(/needs a gradient for a non-scalar output of shape \[2\]/);
    y.backward(tensor([10, 100]));
    expect(x.grad!.toArray()).toEqual([20, 400]);
  });

  it('a graph is released after backward (a second backward through it is refused)', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const loss = x.exp().sum();
    loss.backward();
    expect(loss.node).toBeNull();
    expect(() => loss.backward()).toThrow(/already used by a backward\(\) and released/);
  });

  it('noGrad records nothing; detach cuts the graph', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = noGrad(() => x.mul(2));
    expect(y.requiresGrad).toBe(false);
    expect(y.node).toBeNull();
    const z = x.mul(2).detach().mul(x).sum();
    z.backward();
    expect(x.grad!.toArray()).toEqual([2, 4]); // d/dx (const · x) = const = 2x
  });

  it('gradients through a shared subexpression add up (diamond graph)', () => {
    const x = tensor([0.5, -1.5], { requiresGrad: true });
    const h = x.tanh();
    h.mul(h).add(h).sum().backward();
    const expected = [0.5, -1.5].map((v) => (2 * Math.tanh(v) + 1) * (1 - Math.tanh(v) ** 2));
    x.grad!.data.forEach((g, i) => {
      expect(g).toBeCloseTo(expected[i]!, 6);
    });
  });

  it('property: a broadcast gradient sums back to each input shape', () => {
    const dims = fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(
        dims,
        fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
        fc.integer({ min: 0, max: 2 }),
        (shape, ones, drop) => {
          // b: the same shape with some axes collapsed to 1 and up to `drop` leading axes removed
          const bShape = shape
            .map((d, i) => (ones[i] ? 1 : d))
            .slice(Math.min(drop, shape.length - 1));
          const a = randn(shape, { requiresGrad: true, rng: new Rng(3) });
          const b = randn(bShape, { requiresGrad: true, rng: new Rng(4) });
          a.mul(b).sum().backward();
          expect(a.grad!.shape).toEqual(shape);
          expect(b.grad!.shape).toEqual(bShape);
          // d/db Σ a·b = Σ over the broadcast axes of a
          const aSum = a.detach().sum().item();
          const bGradSum = b.grad!.sum().item();
          expect(bGradSum).toBeCloseTo(aSum, 3);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('memory', () => {
  // a real collection before each reading, so garbage is not mistaken for a leak
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;

  it('does not grow over 1,000 training steps of a small MLP', () => {
    const rng = new Rng(0);
    const w1 = randn([16, 32], { requiresGrad: true, rng, std: 0.2 });
    const w2 = randn([32, 4], { requiresGrad: true, rng, std: 0.2 });
    const x = randn([8, 16], { rng });
    const y = tensor([0, 1, 2, 3, 0, 1, 2, 3], { dtype: 'int32' });
    const step = () => {
      const loss = x.matmul(w1).gelu().matmul(w2).crossEntropy(y);
      loss.backward();
      for (const p of [w1, w2]) {
        for (let i = 0; i < p.size; i++) p.data[i]! -= 0.1 * p.grad!.data[i]!;
        p.zeroGrad();
      }
      return loss.item();
    };
    const first = step();
    for (let i = 0; i < 100; i++) step();
    gc();
    const before = process.memoryUsage().heapUsed;
    let last = first;
    for (let i = 0; i < 1000; i++) last = step();
    gc();
    const after = process.memoryUsage().heapUsed;
    expect(last).toBeLessThan(first / 2); // it trains
    // A leaked graph would hold ~60 KB of activations per step: 60 MB over 1,000 steps.
    expect(after - before).toBeLessThan(2 * 2 ** 20);
  });
});

describe('toArray / item', () => {
  it('item() needs exactly one value', () => {
    expect(() => tensor([1, 2]).item()).toThrow(/item: tensor of shape \[2\] has 2 values/);
  });
  it('property: toArray round-trips through tensor()', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.float({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 2, maxLength: 2 }),
          { minLength: 1, maxLength: 5 },
        ),
        (rows) => {
          const t: Tensor = tensor(rows);
          expect(t.toArray()).toEqual(rows.map((r) => r.map((v) => Math.fround(v))));
        },
      ),
    );
  });
});
