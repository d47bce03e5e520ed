// Parity with PyTorch on every fixture (made by a plain PyTorch re-implementation of the
// HF architectures): logits and every hidden state within 1e-4 absolute, the loss within
// 1e-5 relative, every parameter's gradient L2 norm within 1e-3 relative.
import { readFileSync } from 'node:fs';
import { relativePositionBucket } from '@llm/layers';
import type { Tensor } from '@llm/tensor-core';
import { describe, expect, it } from 'vitest';
import {
  fromPretrained,
  type ModelOutput,
  type PretrainedModel,
  readInputsFile,
} from '../src/index.js';

interface Stored {
  shape: number[];
  data: number[];
}
const dir = (name: string) => new URL(`./fixtures/${name}/`, import.meta.url).pathname;
const expected = (name: string) => JSON.parse(readFileSync(`${dir(name)}expected.json`, 'utf8'));

function expectClose(actual: Tensor, stored: Stored, tolerance: number, what: string) {
  expect(actual.shape, `${what} shape`).toEqual(stored.shape);
  let worst = 0;
  for (let i = 0; i < stored.data.length; i++)
    worst = Math.max(worst, Math.abs(actual.data[i]! - stored.data[i]!));
  expect(worst, `${what}: max abs diff`).toBeLessThan(tolerance);
}

async function run(
  name: string,
): Promise<{ model: PretrainedModel; out: ModelOutput; exp: Record<string, unknown> }> {
  const model = await fromPretrained(dir(name));
  const inputs = await readInputsFile(`${dir(name)}inputs.json`);
  const out = model.forward(inputs, { outputHiddenStates: true });
  return { model, out, exp: expected(name) };
}

function checkGradients(model: PretrainedModel, out: ModelOutput, exp: Record<string, unknown>) {
  out.loss!.backward();
  const norms = exp.grad_norms as Record<string, number>;
  const zero = new Set(
    (exp.zero_gradient_parameters as { names?: string[] } | undefined)?.names ?? [],
  );
  const params = new Map(model.namedParameters());
  let checkedFusedBias = 0;
  expect([...params.keys()].sort()).toEqual(Object.keys(norms).sort());
  for (const [name, want] of Object.entries(norms)) {
    const g = params.get(name)!.grad!;
    let sq = 0;
    for (const v of g.data) sq += v * v;
    const norm = Math.sqrt(sq);
    if (zero.has(name) && name.endsWith('c_attn.bias')) {
      // GPT-2's fused bias [q | k | v]: only the key part [C, 2C) has a zero true gradient
      // (float32 noise ~1e-9); the whole norm (q and v parts) is checked like any other
      const C = g.size / 3;
      let keySq = 0;
      for (let i = C; i < 2 * C; i++) keySq += g.data[i]! ** 2;
      expect(Math.sqrt(keySq), `${name} key part`).toBeLessThan(1e-6);
      expect(Math.abs(norm - want) / want, `${name}: ${norm} vs ${want}`).toBeLessThan(1e-3);
      checkedFusedBias++;
      continue;
    }
    if (zero.has(name)) expect(norm, name).toBeLessThan(1e-6);
    else
      expect(
        Math.abs(norm - want) / Math.max(want, 1e-12),
        `${name}: ${norm} vs ${want}`,
      ).toBeLessThan(1e-3);
  }
  // every fused bias the fixture lists was checked (GPT-2: one per block)
  expect(checkedFusedBias).toBe([...zero].filter((n) => n.endsWith('c_attn.bias')).length);
}

describe.each(['gpt2', 'bert', 'bert_cls'])('%s matches PyTorch', (name) => {
  it('logits, hidden states, loss and gradient norms', async () => {
    const { model, out, exp } = await run(name);
    expectClose(out.logits, exp.logits as Stored, 1e-4, 'logits');
    const hidden = exp.hidden_states as Stored[];
    expect(out.hiddenStates!.length).toBe(hidden.length);
    hidden.forEach((h, i) => {
      expectClose(out.hiddenStates![i]!, h, 1e-4, `hidden state ${i}`);
    });
    if (exp.pooled_output)
      expectClose(out.pooledOutput!, exp.pooled_output as Stored, 1e-4, 'pooled output');
    const loss = out.loss!.item();
    expect(Math.abs(loss - (exp.loss as number)) / (exp.loss as number)).toBeLessThan(1e-5);
    expect(model.numParameters()).toBe(exp.num_parameters);
    checkGradients(model, out, exp);
  });
});

describe('t5 matches PyTorch', () => {
  it('logits, encoder and decoder hidden states, loss and gradient norms', async () => {
    const { model, out, exp } = await run('t5');
    expectClose(out.logits, exp.logits as Stored, 1e-4, 'logits');
    expectClose(
      out.encoderLastHiddenState!,
      exp.encoder_last_hidden_state as Stored,
      1e-4,
      'encoder last hidden state',
    );
    (exp.encoder_hidden_states as Stored[]).forEach((h, i) => {
      expectClose(out.encoderHiddenStates![i]!, h, 1e-4, `encoder hidden ${i}`);
    });
    (exp.decoder_hidden_states as Stored[]).forEach((h, i) => {
      expectClose(out.hiddenStates![i]!, h, 1e-4, `decoder hidden ${i}`);
    });
    expect(Math.abs(out.loss!.item() - (exp.loss as number)) / (exp.loss as number)).toBeLessThan(
      1e-5,
    );
    expect(model.numParameters()).toBe(exp.num_parameters);
    checkGradients(model, out, exp);
  });

  it('relative position buckets for distances −200…200 equal HF’s', () => {
    const b = (expected('t5') as { relative_position_buckets: Record<string, unknown> })
      .relative_position_buckets;
    const positions = b.relative_positions as number[];
    const numBuckets = b.num_buckets as number;
    const maxDistance = b.max_distance as number;
    expect(positions.map((p) => relativePositionBucket(p, true, numBuckets, maxDistance))).toEqual(
      b.bidirectional,
    );
    expect(positions.map((p) => relativePositionBucket(p, false, numBuckets, maxDistance))).toEqual(
      b.unidirectional,
    );
  });
});
