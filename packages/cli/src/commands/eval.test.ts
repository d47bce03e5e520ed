import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../main.js';

const dir = mkdtempSync(join(tmpdir(), 'llm-eval-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(['eval', ...argv], { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

describe('llm eval', () => {
  it('scores plain-text labels with options and prints one JSON line', async () => {
    const p = file('pred.txt', 'cat\ndog\ncat\nbird\n');
    const r = file('gold.txt', 'cat\ncat\ncat\nfish\n');
    const { code, out, err } = await run(
      '--metric',
      'f1',
      '--predictions',
      p,
      '--references',
      r,
      '--options',
      '{"average":"micro"}',
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(out)).toEqual({ metric: 'f1', examples: 4, value: 0.5 });
  });

  it('reads 0 / 1 text lines as binary labels (default posLabel 1)', async () => {
    const p = file('bin-pred.txt', '1\n0\n1\n1');
    const r = file('bin-gold.txt', '1\n0\n0\n1\n');
    const { code, out } = await run('--metric', 'precision', '--predictions', p, '--references', r);
    expect(code).toBe(0);
    expect(JSON.parse(out).value).toBeCloseTo(2 / 3, 12);
  });

  it('reads JSONL with several references per example', async () => {
    const p = file('hyp.txt', 'The dog bit the man.\n');
    const r = file('refs.jsonl', '["The dog bit the man.", "A dog bit a man."]\n\n');
    const { code, out } = await run('--metric', 'bleu', '--predictions', p, '--references', r);
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result.examples).toBe(1);
    expect(result.value.score).toBeCloseTo(100, 10);
  });

  it('names both files and counts when they do not pair up', async () => {
    const p = file('three.txt', 'a\nb\nc\n');
    const r = file('two.txt', 'a\nb\n');
    const { code, err } = await run('--metric', 'accuracy', '--predictions', p, '--references', r);
    expect(code).toBe(1);
    expect(err).toMatch(/three\.txt' has 3 examples but '.*two\.txt' has 2/);
    expect(err.trim().split('\n')).toHaveLength(1);
  });

  it('names the file and line of bad JSON or a bad value', async () => {
    const good = file('one.txt', 'a\nb\n');
    const badJson = file('bad.jsonl', '"a"\n{oops\n');
    let res = await run('--metric', 'accuracy', '--predictions', badJson, '--references', good);
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/^llm: .*bad\.jsonl:2: invalid JSON/);
    const badValue = file('nums.jsonl', '1.5\n{"x":1}\n');
    res = await run('--metric', 'perplexity', '--predictions', badValue, '--references', good);
    expect(res.err).toMatch(/nums\.jsonl:2: expected a number/);
  });

  it('lists the metrics for an unknown name, and refuses bad options (exit 2)', async () => {
    const p = file('x.txt', 'a\n');
    let res = await run('--metric', 'blue', '--predictions', p, '--references', p);
    expect(res.code).toBe(2);
    expect(res.err).toMatch(/unknown metric 'blue' \(available: accuracy, .*bleu/);
    res = await run('--metric', 'f1', '--predictions', p, '--references', p, '--options', '{avg}');
    expect(res.code).toBe(2);
    expect(res.err).toMatch(/--options is not valid JSON/);
    res = await run(
      '--metric',
      'f1',
      '--predictions',
      p,
      '--references',
      p,
      '--options',
      '{"avg":1}',
    );
    expect(res.code).toBe(2);
    expect(res.err).toMatch(/unknown option 'avg'/);
  });

  it('fails with one line on a missing or empty file', async () => {
    const empty = file('empty.txt', '');
    let res = await run('--metric', 'accuracy', '--predictions', empty, '--references', empty);
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/empty\.txt' holds no examples/);
    res = await run(
      '--metric',
      'accuracy',
      '--predictions',
      join(dir, 'nope.txt'),
      '--references',
      empty,
    );
    expect(res.err).toMatch(/cannot read '.*nope\.txt': no such file/);
  });

  it('lists the metrics in --help', async () => {
    const { code, out } = await run('--help');
    expect(code).toBe(0);
    expect(out).toMatch(/Metrics: .*entity-f1/);
  });
});
