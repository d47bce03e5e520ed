// PEFT's layout, written here by hand (not by our writer): adapters made in Python load
// and give the merged model's logits, for GPT-2's Conv1D, BERT's and T5's Linears.
import { Conv1D, type Linear } from '@llm/layers';
import { Rng, randn, readSafetensors, type Tensor, writeSafetensors } from '@llm/tensor-core';
import { describe, expect, it } from 'vitest';
import { type FixtureName, loadFixture, logits, maxAbsDiff } from '../test/helpers.js';
import { LoraLayer } from './lora-layer.js';
import { mergeAndUnload } from './merge-and-unload.js';
import {
  adapterFiles,
  loadAdapter,
  parseAdapterConfig,
  peftTaskType,
  taskFromPeft,
} from './peft.js';
import { lora } from './strategies/lora.js';

const cases: { fixture: FixtureName; targets: string[]; task: string; fanInFanOut: boolean }[] = [
  { fixture: 'gpt2', targets: ['c_attn'], task: 'CAUSAL_LM', fanInFanOut: true },
  { fixture: 'bert_cls', targets: ['query', 'value'], task: 'SEQ_CLS', fanInFanOut: false },
  { fixture: 't5', targets: ['q', 'v'], task: 'SEQ_2_SEQ_LM', fanInFanOut: false },
];

/** A PEFT adapter as Python writes it: config JSON text and safetensors bytes, random A and B. */
async function handMadeAdapter(
  fixture: FixtureName,
  targets: string[],
  fanInFanOut: boolean,
  task: string,
) {
  const { model } = await loadFixture(fixture);
  const r = 4;
  const rng = new Rng(11);
  const tensors: Record<string, Tensor> = {};
  for (const [path, m] of model.namedModules()) {
    if (!targets.some((t) => path.endsWith(`.${t}`))) continue;
    const { inFeatures, outFeatures } = m as Linear | Conv1D;
    tensors[`base_model.model.${path}.lora_A.weight`] = randn([r, inFeatures], { std: 0.1, rng });
    tensors[`base_model.model.${path}.lora_B.weight`] = randn([outFeatures, r], { std: 0.1, rng });
  }
  const config = `{
  "alpha_pattern": {}, "auto_mapping": null, "base_model_name_or_path": "${fixture}",
  "bias": "none", "fan_in_fan_out": ${fanInFanOut}, "inference_mode": true,
  "init_lora_weights": true, "layers_pattern": null, "layers_to_transform": null,
  "loftq_config": {}, "lora_alpha": 8, "lora_dropout": 0.1, "megatron_config": null,
  "megatron_core": "megatron.core", "modules_to_save": null, "peft_type": "LORA", "r": ${r},
  "rank_pattern": {}, "revision": null, "target_modules": ${JSON.stringify(targets)},
  "task_type": "${task}", "use_dora": false, "use_rslora": false
}`;
  const bytes = writeSafetensors(tensors, { format: 'pt' });
  return { config, tensors: readSafetensors(bytes).tensors, scale: 8 / r };
}

describe('PEFT adapters made by hand', () => {
  it.each(cases)(
    "$fixture ($targets): loads, and gives the by-hand merged model's logits",
    async ({ fixture, targets, task, fanInFanOut }) => {
      const adapter = await handMadeAdapter(fixture, targets, fanInFanOut, task);
      const { model, inputs } = await loadFixture(fixture);
      const applied = loadAdapter(model, adapter);
      expect(applied.layers.length).toBe(Object.keys(adapter.tensors).length / 2);
      expect(applied.parsed?.taskType).toBe(task);
      model.eval(); // lora_dropout 0.1 off
      const ours = logits(model, inputs);

      // merge by hand: W [out, in] += scale·B A (Conv1D stores W [in, out]: add it transposed)
      const { model: merged } = await loadFixture(fixture);
      for (const [path, m] of merged.namedModules()) {
        const a = adapter.tensors[`base_model.model.${path}.lora_A.weight`];
        if (!a) continue;
        const b = adapter.tensors[`base_model.model.${path}.lora_B.weight`]!;
        const base = m as Linear | Conv1D;
        const [r, I] = a.shape as [number, number];
        const O = b.shape[0]!;
        for (let o = 0; o < O; o++)
          for (let i = 0; i < I; i++) {
            let d = 0;
            for (let k = 0; k < r; k++) d += b.data[o * r + k]! * a.data[k * I + i]!;
            const at = base instanceof Conv1D ? i * O + o : o * I + i;
            base.weight.data[at]! += adapter.scale * d;
          }
      }
      const expected = logits(merged, inputs);
      expect(maxAbsDiff(ours, expected)).toBeLessThan(1e-4);
      expect(maxAbsDiff(ours, logits((await loadFixture(fixture)).model, inputs))).toBeGreaterThan(
        1e-3,
      );

      // and mergeAndUnload gives a plain model with those logits
      mergeAndUnload(model);
      expect(model.namedModules().some(([, m]) => m instanceof LoraLayer)).toBe(false);
      expect(maxAbsDiff(logits(model, inputs), ours)).toBeLessThan(1e-5);
      expect(Object.keys(model.stateDict()).sort()).toEqual(Object.keys(merged.stateDict()).sort());
    },
  );

  it('a key naming no module, a wrong shape, or a missing B is one line, and the model is untouched', async () => {
    const adapter = await handMadeAdapter('bert_cls', ['query', 'value'], false, 'SEQ_CLS');
    const { model } = await loadFixture('bert_cls');
    const key = 'base_model.model.bert.encoder.layer.0.attention.self.query.lora_B.weight';
    const bad = (edit: (t: Record<string, Tensor>) => void) => {
      const tensors = { ...adapter.tensors };
      edit(tensors);
      return () => loadAdapter(model, { config: adapter.config, tensors, source: 'runs/lora' });
    };
    expect(
      bad((t) => {
        t['base_model.model.bert.nope.lora_A.weight'] = t[key]!;
      }),
    ).toThrow(
      /^runs\/lora\/adapter_model\.safetensors: key 'base_model\.model\.bert\.nope\.lora_A\.weight': 'bert\.nope' is not a LoRA target/,
    );
    expect(
      bad((t) => {
        t[key] = randn([4, 4]);
      }),
    ).toThrow(/query\.lora_B\.weight': expected \[32, 4\], got \[4, 4\]/);
    expect(
      bad((t) => {
        delete t[key];
      }),
    ).toThrow(
      /missing 'base_model\.model\.bert\.encoder\.layer\.0\.attention\.self\.query\.lora_B\.weight'/,
    );
    expect(
      bad((t) => {
        t['base_model.model.classifier.weight'] = randn([2, 2]);
      }),
    ).toThrow(/classifier\.weight': expected \[3, 32\], got \[2, 2\]/);
    expect(
      bad((t) => {
        t['model.x'] = randn([1]);
      }),
    ).toThrow(/key 'model\.x' does not start with 'base_model\.model\.'/);
    expect(model.namedModules().some(([, m]) => m instanceof LoraLayer)).toBe(false);
  });

  it('config errors name the file and the field', () => {
    const ok = { peft_type: 'LORA', r: 4, lora_alpha: 8, target_modules: ['q'] };
    const parse = (c: Record<string, unknown>) => () =>
      parseAdapterConfig({ ...ok, ...c }, 'x/adapter_config.json');
    expect(parse({ r: 'four' })).toThrow(
      /^x\/adapter_config\.json: field 'r' must be a positive integer, got "four"$/,
    );
    expect(parse({ peft_type: 'IA3' })).toThrow(/field 'peft_type' "IA3" is not supported/);
    expect(parse({ bias: 'all' })).toThrow(/field 'bias' must be "none"/);
    expect(parse({ target_modules: 3 })).toThrow(
      /field 'target_modules' must be a list of module names or a regex string, got 3/,
    );
    expect(() => parseAdapterConfig('{ nope', 'y.json')).toThrow(/^y\.json: not valid JSON/);
    expect(parseAdapterConfig(ok).targetModules).toEqual(['q']);
  });

  it('task types map both ways', () => {
    expect(peftTaskType('classification')).toBe('SEQ_CLS');
    expect(peftTaskType('SEQ_2_SEQ_LM')).toBe('SEQ_2_SEQ_LM');
    expect(peftTaskType('masked-lm')).toBeNull();
    expect(() => peftTaskType('vision')).toThrow(/unknown task 'vision'/);
    expect(taskFromPeft('CAUSAL_LM')).toBe('causal-lm');
  });
});

describe('adapterFiles', () => {
  it("writes PEFT's keys and shapes, and the head as modules_to_save", async () => {
    const { model } = await loadFixture('bert_cls');
    lora.apply(model, { r: 2, loraAlpha: 4, targetModules: ['query', 'value'], seed: 1 });
    const { config, tensors } = adapterFiles(model, {
      taskType: 'classification',
      baseModelNameOrPath: 'b',
    });
    expect(config).toMatchObject({
      peft_type: 'LORA',
      task_type: 'SEQ_CLS',
      r: 2,
      lora_alpha: 4,
      target_modules: ['query', 'value'],
      modules_to_save: ['classifier'],
      fan_in_fan_out: false,
      bias: 'none',
      base_model_name_or_path: 'b',
    });
    expect(Object.keys(config)).toEqual(Object.keys(config).sort());
    const shapes = Object.fromEntries(Object.entries(tensors).map(([k, t]) => [k, t.shape]));
    expect(
      shapes['base_model.model.bert.encoder.layer.1.attention.self.value.lora_A.weight'],
    ).toEqual([2, 32]);
    expect(
      shapes['base_model.model.bert.encoder.layer.1.attention.self.value.lora_B.weight'],
    ).toEqual([32, 2]);
    expect(shapes['base_model.model.classifier.weight']).toEqual([3, 32]);
    expect(shapes['base_model.model.classifier.bias']).toEqual([3]);
    expect(Object.keys(tensors).length).toBe(2 * 2 * 2 + 2);
  });
});
