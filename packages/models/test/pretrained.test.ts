import { copyFile, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  noGrad,
  Rng,
  readSafetensors,
  setBackend,
  type Tensor,
  tensor,
  writeSafetensors,
} from '@llm/tensor-core';
import { registerGpuBackend } from '@llm/tensor-core/gpu';
import { describe, expect, it } from 'vitest';
import {
  BertForSequenceClassification,
  checkMemory,
  fromPretrained,
  Gpt,
  MemoryError,
  modelFromHfConfig,
  readInputsFile,
  savePretrained,
  T5ForConditionalGeneration,
} from '../src/index.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const temp = () => mkdtemp(join(tmpdir(), 'llm-models-'));

/** A copy of a fixture directory whose checkpoint tensors pass through `edit`. */
async function editedFixture(
  name: string,
  edit: (t: Record<string, Tensor>) => void,
  config?: (c: Record<string, unknown>) => void,
) {
  const dir = await temp();
  const { tensors } = readSafetensors(await readFile(join(fixtures, name, 'model.safetensors')));
  edit(tensors);
  await writeFile(join(dir, 'model.safetensors'), writeSafetensors(tensors));
  const hf = JSON.parse(await readFile(join(fixtures, name, 'config.json'), 'utf8'));
  config?.(hf);
  await writeFile(join(dir, 'config.json'), JSON.stringify(hf));
  return dir;
}

describe('fromPretrained / savePretrained', () => {
  it.each(['gpt2', 'bert', 'bert_cls', 't5'])(
    '%s: save then load gives the same outputs and the same files',
    async (name) => {
      const model = await fromPretrained(join(fixtures, name));
      const inputs = await readInputsFile(join(fixtures, name, 'inputs.json'));
      const before = noGrad(() => model.forward(inputs)).logits.data;
      const dir = await temp();
      await savePretrained(model, dir);
      expect((await readdir(dir)).sort()).toEqual(['config.json', 'model.safetensors']);
      const again = await fromPretrained(dir);
      expect(again.constructor).toBe(model.constructor);
      expect(Array.from(noGrad(() => again.forward(inputs)).logits.data)).toEqual(
        Array.from(before),
      );
      // tied weights are stored once, as HF stores them
      const saved = readSafetensors(await readFile(join(dir, 'model.safetensors'))).tensors;
      expect(Object.keys(saved).sort()).toEqual(
        Object.keys(
          readSafetensors(await readFile(join(fixtures, name, 'model.safetensors'))).tensors,
        ).sort(),
      );
    },
  );

  it('accepts original GPT-2 names (no transformer. prefix, attn.bias buffers, a stored lm_head)', async () => {
    const dir = await editedFixture('gpt2', (t) => {
      for (const k of Object.keys(t)) {
        t[k.replace(/^transformer\./, '')] = t[k]!;
        delete t[k];
      }
      t['h.0.attn.bias'] = tensor(new Float32Array(4), [1, 1, 2, 2]);
      t['lm_head.weight'] = t['wte.weight']!;
    });
    const model = await fromPretrained(dir);
    const reference = await fromPretrained(join(fixtures, 'gpt2'));
    const inputs = await readInputsFile(join(fixtures, 'gpt2', 'inputs.json'));
    expect(Array.from(noGrad(() => model.forward(inputs)).logits.data)).toEqual(
      Array.from(noGrad(() => reference.forward(inputs)).logits.data),
    );
  });

  it('a checkpoint missing tensors, with extra or mis-shaped ones: one line, nothing loaded', async () => {
    const missing = await editedFixture('bert', (t) => {
      delete t['bert.encoder.layer.1.output.dense.weight'];
      t['some.extra'] = tensor([1]);
    });
    await expect(fromPretrained(missing)).rejects.toThrow(
      /model\.safetensors: does not match config\.json: missing \(1\): bert\.encoder\.layer\.1\.output\.dense\.weight; unexpected \(1\): some\.extra$/,
    );
    const misshaped = await editedFixture('t5', (t) => {
      t['shared.weight'] = tensor(new Float32Array(95 * 32), [95, 32]);
    });
    await expect(fromPretrained(misshaped)).rejects.toThrow(
      /mis-shaped \(1\): shared\.weight: expected \[96, 32\], got \[95, 32\]/,
    );
  });

  it('a bad config.json names the field', async () => {
    const noField = await editedFixture(
      'gpt2',
      () => {},
      (c) => {
        delete c.n_embd;
      },
    );
    await expect(fromPretrained(noField)).rejects.toThrow(/config\.json: missing field 'n_embd'$/);
    const badType = await editedFixture(
      't5',
      () => {},
      (c) => {
        c.d_model = 'wide';
      },
    );
    await expect(fromPretrained(badType)).rejects.toThrow(
      /config\.json: 'd_model' must be a number, got "wide"/,
    );
    expect(() => modelFromHfConfig({ model_type: 'mamba' })).toThrow(
      "config.json: unknown model_type 'mamba' (supported: bert, gpt2, t5)",
    );
  });

  it('loads a BERT encoder into a new classification head non-strictly, with a report', async () => {
    const dir = await temp();
    await copyFile(join(fixtures, 'bert', 'model.safetensors'), join(dir, 'model.safetensors'));
    const hf = JSON.parse(await readFile(join(fixtures, 'bert', 'config.json'), 'utf8'));
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({ ...hf, architectures: ['BertForSequenceClassification'], num_labels: 3 }),
    );
    await expect(fromPretrained(dir)).rejects.toThrow(/missing \(4\): bert\.pooler\.dense\.weight/);
    const model = await fromPretrained(dir, { strict: false });
    expect(model).toBeInstanceOf(BertForSequenceClassification);
  });

  it('untied embeddings get their own lm_head.weight (GPT-2 and T5)', async () => {
    const gpt = new Gpt({
      vocabSize: 10,
      contextLength: 8,
      numLayers: 1,
      numHeads: 2,
      embedDim: 4,
      tieWordEmbeddings: false,
    });
    expect(Object.keys(gpt.checkpointTensors())).toContain('lm_head.weight');
    expect(gpt.lmHead).not.toBe(gpt.transformer.wte.weight);
    const t5 = new T5ForConditionalGeneration({
      vocabSize: 10,
      embedDim: 8,
      numLayers: 1,
      numHeads: 2,
      headDim: 4,
      hiddenDim: 16,
      tieWordEmbeddings: false,
    });
    const dir = await temp();
    await savePretrained(t5, dir);
    const back = (await fromPretrained(dir)) as T5ForConditionalGeneration;
    expect(Array.from(back.lmHead.data)).toEqual(Array.from(t5.lmHead.data));
  });
});

describe('memory check', () => {
  it('refuses work larger than free memory with one line naming the numbers', () => {
    expect(() => checkMemory('loading big.safetensors', 3 * 2 ** 30, 2 ** 30)).toThrow(MemoryError);
    expect(() => checkMemory('loading big.safetensors', 3 * 2 ** 30, 2 ** 30)).toThrow(
      'loading big.safetensors needs about 3.00 GiB but only 1.00 GiB of memory is free',
    );
    expect(() => checkMemory('small', 1024, 2 ** 30)).not.toThrow();
  });
});

describe('initialisation follows HF', () => {
  it('GPT-2: N(0, 0.02²) weights, residual projections scaled by 1/√(2·layers), LayerNorm = 1, 0', () => {
    const gpt = new Gpt(
      { vocabSize: 500, contextLength: 64, numLayers: 4, numHeads: 4, embedDim: 64 },
      { rng: new Rng(0) },
    );
    const std = (t: Tensor) =>
      Math.sqrt(Array.from(t.data).reduce((s, v) => s + v * v, 0) / t.size);
    const p = new Map(gpt.namedParameters());
    expect(std(p.get('transformer.wte.weight')!)).toBeCloseTo(0.02, 3);
    expect(std(p.get('transformer.h.0.mlp.c_fc.weight')!)).toBeCloseTo(0.02, 3);
    expect(std(p.get('transformer.h.0.mlp.c_proj.weight')!)).toBeCloseTo(0.02 / Math.sqrt(8), 3);
    expect(Array.from(p.get('transformer.ln_f.weight')!.data).every((v) => v === 1)).toBe(true);
  });
});

describe('gpu backend', () => {
  it('every fixture gives the same logits on the gpu backend (gpu.js cpu mode)', async () => {
    registerGpuBackend({ mode: 'cpu' });
    for (const name of ['gpt2', 'bert', 'bert_cls', 't5']) {
      const model = await fromPretrained(join(fixtures, name));
      const inputs = await readInputsFile(join(fixtures, name, 'inputs.json'));
      const exp = JSON.parse(await readFile(join(fixtures, name, 'expected.json'), 'utf8'));
      setBackend('gpu');
      try {
        const out = noGrad(() => model.forward(inputs));
        let worst = 0;
        exp.logits.data.forEach((v: number, i: number) => {
          worst = Math.max(worst, Math.abs(v - out.logits.data[i]!));
        });
        expect(worst, name).toBeLessThan(1e-4);
      } finally {
        setBackend('cpu');
      }
    }
  });
});
