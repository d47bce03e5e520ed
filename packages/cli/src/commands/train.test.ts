import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSafetensors } from '@llm/tensor-core';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';

// the PyTorch fixtures that @llm/models tests against (expected.json: train.loss_after_steps)
const fixtures = fileURLToPath(new URL('../../../models/test/fixtures/', import.meta.url));
// GPT-2's weights after the fixture's 3 AdamW steps, as PyTorch left them (a copy in @llm/trainer's test fixtures)
const after3 = fileURLToPath(
  new URL('../../../trainer/test/fixtures/gpt2-after-3-adamw-steps.safetensors', import.meta.url),
);

async function llm(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { out: (s) => (stdout += s), err: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

const adamw = ['--steps', '3', '--optimizer', 'adamw', '--lr', '1e-3', '--weight-decay', '0.01'];

describe('llm train', () => {
  it.each(['gpt2', 'bert', 'bert_cls', 't5'])(
    '%s: 3 AdamW steps print the losses of torch.optim.AdamW within 1e-4 relative',
    async (name) => {
      const dir = join(fixtures, name);
      const r = await llm('train', '--model', dir, '--input', join(dir, 'inputs.json'), ...adamw);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const lines = r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      const expected = JSON.parse(await readFile(join(dir, 'expected.json'), 'utf8')).train
        .loss_after_steps as number[];
      expect(lines.map((l) => Object.keys(l))).toEqual([
        ['step', 'loss'],
        ['step', 'loss'],
        ['step', 'loss'],
        ['finalLoss'],
      ]);
      expect(lines.slice(0, 3).map((l) => l.step)).toEqual([1, 2, 3]);
      const got = [...lines.slice(0, 3).map((l) => l.loss as number), lines[3].finalLoss as number];
      got.forEach((loss, i) => {
        expect(
          Math.abs(loss - expected[i]!) / expected[i]!,
          `loss ${i}: ${loss} vs ${expected[i]}`,
        ).toBeLessThan(1e-4);
      });
      // and it really trained: every step lowered the loss
      expect(got).toEqual([...got].sort((a, b) => b - a));
    },
  );

  it("--out saves the trained model (matching PyTorch's weights after 3 steps), metrics and the loss curve", async () => {
    const dir = join(fixtures, 'gpt2');
    const out = await mkdtemp(join(tmpdir(), 'llm-train-'));
    const r = await llm(
      'train',
      '--model',
      dir,
      '--input',
      join(dir, 'inputs.json'),
      ...adamw,
      '--out',
      out,
    );
    expect(r.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual([
      'config.json',
      'loss-curve.svg',
      'metrics.jsonl',
      'model.safetensors',
    ]);
    const ours = readSafetensors(await readFile(join(out, 'model.safetensors'))).tensors;
    const torch = readSafetensors(await readFile(after3)).tensors;
    // GPT-2's attention key biases (c_attn.bias[C, 2C)) have no true gradient: AdamW turns
    // their float noise into ±lr steps, so they are left out (see the fixtures' README)
    const expected = JSON.parse(await readFile(join(dir, 'expected.json'), 'utf8'));
    const keyBiases = new Set(expected.zero_gradient_parameters.names as string[]);
    const C = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')).n_embd as number;
    let worst = 0;
    let compared = 0;
    for (const [name, t] of Object.entries(torch)) {
      const mine = ours[name]!;
      expect(mine.shape, name).toEqual(t.shape);
      t.data.forEach((v, i) => {
        if (keyBiases.has(name) && i >= C && i < 2 * C) return;
        worst = Math.max(worst, Math.abs(v - mine.data[i]!));
        compared++;
      });
    }
    expect(compared).toBeGreaterThan(10_000);
    expect(worst).toBeLessThan(1e-4);
    const metrics = (await readFile(join(out, 'metrics.jsonl'), 'utf8')).trim().split('\n');
    expect(metrics.map((l) => JSON.parse(l).step)).toEqual([1, 2, 3]);
    expect(await readFile(join(out, 'loss-curve.svg'), 'utf8')).toContain(
      '<polyline class="train"',
    );
  });

  it('--checkpoint-every resumes a longer run from the newest checkpoint, with the losses of an uninterrupted one', async () => {
    const dir = join(fixtures, 'bert_cls');
    const input = join(dir, 'inputs.json');
    const straight = await llm(
      'train',
      '--model',
      dir,
      '--input',
      input,
      '--steps',
      '4',
      '--lr',
      '1e-2',
    );
    const out = await mkdtemp(join(tmpdir(), 'llm-train-'));
    const common = [
      '--model',
      dir,
      '--input',
      input,
      '--lr',
      '1e-2',
      '--out',
      out,
      '--checkpoint-every',
      '2',
    ];
    const first = await llm('train', ...common, '--steps', '2');
    const second = await llm('train', ...common, '--steps', '4');
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    const steps = (s: string) =>
      s
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
        .filter((l) => 'step' in l);
    expect([...steps(first.stdout), ...steps(second.stdout)]).toEqual(steps(straight.stdout));
    expect((await readdir(join(out, 'checkpoints'))).sort()).toEqual([
      'checkpoint-00000002',
      'checkpoint-00000004',
    ]);
    // a checkpoint is a Hugging Face model directory of its own
    const ckpt = join(out, 'checkpoints', 'checkpoint-00000004');
    expect((await llm('forward', '--model', ckpt, '--input', input)).code).toBe(0);
  });

  it('refuses a checkpoint of another model in one line', async () => {
    const out = await mkdtemp(join(tmpdir(), 'llm-train-'));
    const gpt = join(fixtures, 'gpt2');
    await llm(
      'train',
      '--model',
      gpt,
      '--input',
      join(gpt, 'inputs.json'),
      '--steps',
      '1',
      '--out',
      out,
      '--checkpoint-every',
      '1',
    );
    const bert = join(fixtures, 'bert');
    const r = await llm(
      'train',
      '--model',
      bert,
      '--input',
      join(bert, 'inputs.json'),
      '--steps',
      '2',
      '--out',
      out,
      '--checkpoint-every',
      '1',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^llm: .*checkpoint-00000001: written for another model or config: /);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('bad input is one line naming the file or the flag', async () => {
    const dir = join(fixtures, 'gpt2');
    const input = join(dir, 'inputs.json');
    const tmp = await mkdtemp(join(tmpdir(), 'llm-train-'));
    const unlabelled = join(tmp, 'unlabelled.json');
    await writeFile(unlabelled, JSON.stringify({ input_ids: [[1, 2, 3]] }));
    const cases: [string[], number, RegExp][] = [
      [
        ['--model', dir, '--input', unlabelled, '--steps', '1'],
        1,
        /unlabelled\.json: missing field 'labels'/,
      ],
      [
        ['--model', join(tmp, 'nope'), '--input', input, '--steps', '1'],
        1,
        /nope\/config\.json: no such file/,
      ],
      [
        ['--model', dir, '--input', input, '--steps', 'three'],
        2,
        /--steps must be an integer >= 1, got 'three'/,
      ],
      [
        ['--model', dir, '--input', input, '--steps', '1', '--optimizer', 'lion'],
        2,
        /unknown optimizer 'lion' \(available: adam, adamw, sgd\)/,
      ],
      [
        ['--model', dir, '--input', input, '--steps', '1', '--lr', '-1'],
        2,
        /--lr must be a number > 0, got '-1'/,
      ],
      [
        ['--model', dir, '--input', input, '--steps', 'abc'],
        2,
        /--steps must be an integer >= 1, got 'abc'/,
      ],
      [
        ['--model', dir, '--input', input, '--steps', '1', '--weight-decay', '-0.1'],
        2,
        /--weight-decay must be a number >= 0, got '-0.1'/,
      ],
      [
        ['--model', dir, '--input', input, '--steps', '1', '--seed', '1.5'],
        2,
        /--seed must be an integer >= 0, got '1.5'/,
      ],
      [
        ['--model', dir, '--input', input, '--steps', '1', '--clip', '0'],
        2,
        /--clip must be a number > 0, got '0'/,
      ],
      [
        ['--model', dir, '--input', input, '--steps', '1', '--checkpoint-every', '1'],
        2,
        /--checkpoint-every needs --out/,
      ],
    ];
    for (const [args, code, message] of cases) {
      const r = await llm('train', ...args);
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
  });
});
