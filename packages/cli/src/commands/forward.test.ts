import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';

// the PyTorch fixtures that @llm/models tests against
const fixtures = fileURLToPath(new URL('../../../models/test/fixtures/', import.meta.url));

async function llm(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { out: (s) => (stdout += s), err: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

describe('llm forward', () => {
  it.each(['gpt2', 'bert', 'bert_cls', 't5'])(
    '%s: prints the fixture logits and loss',
    async (name) => {
      const dir = join(fixtures, name);
      const r = await llm('forward', '--model', dir, '--input', join(dir, 'inputs.json'));
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      const exp = JSON.parse(await readFile(join(dir, 'expected.json'), 'utf8'));
      expect(out.logits.shape).toEqual(exp.logits.shape);
      let worst = 0;
      exp.logits.data.forEach((v: number, i: number) => {
        worst = Math.max(worst, Math.abs(v - out.logits.data[i]));
      });
      expect(worst).toBeLessThan(1e-4);
      expect(Math.abs(out.loss - exp.loss) / exp.loss).toBeLessThan(1e-5);
    },
  );

  it('bad input gets one line naming the file or field, exit 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'llm-fwd-'));
    await writeFile(join(dir, 'config.json'), JSON.stringify({ model_type: 'llama' }));
    const unknown = await llm(
      'forward',
      '--model',
      dir,
      '--input',
      join(fixtures, 'gpt2/inputs.json'),
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(
      /^llm: .*config\.json: unknown model_type 'llama' \(supported: bert, gpt2, t5\)\n$/,
    );

    const missing = await llm('forward', '--model', join(dir, 'nope'), '--input', 'x.json');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\/config\.json: no such file\n$/);

    const badInput = join(dir, 'bad.json');
    await writeFile(badInput, JSON.stringify({ input_ids: [[1, 2], [3]] }));
    const ragged = await llm('forward', '--model', join(fixtures, 'gpt2'), '--input', badInput);
    expect(ragged.code).toBe(1);
    expect(ragged.stderr).toBe(`llm: ${badInput}: input_ids rows differ in length\n`);
  });

  it('needs --model and --input (exit 2)', async () => {
    const r = await llm('forward', '--model', 'x');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing required flag --input/);
  });
});
