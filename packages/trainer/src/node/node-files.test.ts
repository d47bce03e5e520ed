import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '@llm/tensor-core';
import { afterAll, describe, expect, it } from 'vitest';
import { CharLm, nextToken, toyCorpus } from '../../test/helpers/toy.js';
import { DataLoader } from '../data/data-loader.js';
import { Sgd } from '../optimizers/sgd.js';
import { train } from '../train.js';
import { jsonlMetrics } from './jsonl-metrics.js';
import { lossCurveFile } from './loss-curve-file.js';
import { readTextDocuments, splitText } from './text-documents.js';

const root = mkdtempSync(join(tmpdir(), 'llm-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const lines = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('jsonlMetrics and lossCurveFile', () => {
  it('appends a line per step and evaluation, and writes the loss curve at the end', async () => {
    const model = new CharLm({ vocabSize: 10, dim: 4, rng: new Rng(0) });
    const corpus = toyCorpus(12, 10);
    const metrics = join(root, 'run', 'metrics.jsonl');
    const svg = join(root, 'run', 'loss-curve.svg');
    const result = await train({
      model,
      objective: nextToken({ padId: 0 }),
      optimizer: new Sgd(model.parameters(), { lr: 0.1 }),
      data: new DataLoader(corpus.slice(0, 8), { batchSize: 2 }),
      steps: 4,
      evaluate: { every: 2, batches: [corpus.slice(8)] },
      callbacks: [jsonlMetrics(metrics, { now: () => new Date(0) }), lossCurveFile(svg)],
    });
    const got = lines(metrics);
    expect(got.map((l) => `${l.event}:${l.step}`)).toEqual([
      'step:1',
      'step:2',
      'eval:2',
      'step:3',
      'step:4',
      'eval:4',
    ]);
    expect(got[0]).toMatchObject({
      loss: result.losses[0],
      lr: 0.1,
      skipped: false,
      time: '1970-01-01T00:00:00.000Z',
    });
    expect(got[2]!.loss).toBe(result.evals[0]!.loss);
    const curve = readFileSync(svg, 'utf8');
    expect(curve).toContain('<polyline class="train"');
    expect(curve.match(/<circle class="eval"/g)).toHaveLength(2);
  });

  it('on resume drops the lines of steps after the checkpoint (they run again) and a line cut short', async () => {
    const path = join(root, 'resume.jsonl');
    const old = [1, 2, 3, 4].map((step) => JSON.stringify({ event: 'step', step, loss: 5 - step }));
    writeFileSync(path, `${old.join('\n')}\n{"event":"step","st`);
    const cb = jsonlMetrics(path, { now: () => new Date(0) });
    await cb.onStart?.({ startStep: 2, totalSteps: 6 });
    await cb.onStep?.({
      step: 3,
      totalSteps: 6,
      loss: 0.5,
      lr: 1,
      gradNorm: Number.NaN,
      tokens: 4,
      skipped: true,
    });
    expect(lines(path).map((l) => [l.step, l.loss])).toEqual([
      [1, 4],
      [2, 3],
      [3, 0.5],
    ]);
    expect(lines(path)[2]!.gradNorm).toBe('NaN');
  });
});

describe('readTextDocuments', () => {
  it('reads files as documents, paragraphs or lines', async () => {
    const a = join(root, 'a.txt');
    writeFileSync(a, 'Call me Ishmael.\r\nSome years ago\n\n  never mind how long.\n\n\n');
    expect(await readTextDocuments(a)).toHaveLength(1);
    expect(await readTextDocuments([a, a], { split: 'paragraph' })).toEqual([
      'Call me Ishmael.\nSome years ago',
      'never mind how long.',
      'Call me Ishmael.\nSome years ago',
      'never mind how long.',
    ]);
    expect(splitText('x\n\ny\n', 'line')).toEqual(['x', 'y']);
    await expect(readTextDocuments(join(root, 'missing.txt'))).rejects.toThrow(
      /missing\.txt: no such file$/,
    );
  });
});
