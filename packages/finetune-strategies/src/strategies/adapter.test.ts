import { describe, expect, it } from 'vitest';
import { loadFixture, logits } from '../../test/helpers.js';
import { trainedNames } from '../../test/trained.js';
import { BottleneckAdapter } from '../bottleneck-adapter.js';
import { adapter } from './adapter.js';

describe('adapter (Houlsby)', () => {
  it.each([
    ['gpt2', /\.(attn|mlp)\.c_proj$/, 4],
    ['bert_cls', /\.(attention\.output|output)\.dense$/, 4],
    ['t5', /\.(SelfAttention|EncDecAttention)\.o$|\.DenseReluDense\.wo$/, 10],
  ] as const)(
    '%s: after each sub-layer, zero-initialised (logits unchanged)',
    async (fixture, path, count) => {
      const { model, inputs } = await loadFixture(fixture);
      const before = logits(model, inputs);
      adapter.apply(model, { adapterSize: 4, seed: 0 });
      const paths = model
        .namedModules()
        .filter(([, m]) => m instanceof BottleneckAdapter)
        .map(([p]) => p);
      expect(paths.length).toBe(count);
      expect(paths.every((p) => path.test(p))).toBe(true);
      expect([...logits(model, inputs)]).toEqual([...before]);
    },
  );

  it('BERT: adapters, layer norms and the classifier train; all else is bit-identical after a step', async () => {
    const names = await trainedNames(adapter, 'bert_cls', { adapterSize: 4 });
    const kinds = new Set(
      names.map((n) =>
        /adapter_(down|up)/.test(n) ? 'adapter' : /LayerNorm/.test(n) ? 'norm' : n,
      ),
    );
    expect([...kinds].sort()).toEqual(['adapter', 'classifier.bias', 'classifier.weight', 'norm']);
    expect(names.filter((n) => n.includes('adapter_')).length).toBe(4 * 4); // 4 adapters × (2 weights + 2 biases)
  });

  it('T5: adapters and RMS norms (no biases, tied head frozen)', async () => {
    const names = await trainedNames(adapter, 't5', { adapterSize: 4 });
    expect(names.every((n) => n.includes('adapter_') || n.endsWith('layer_norm.weight'))).toBe(
      true,
    );
  });
});
