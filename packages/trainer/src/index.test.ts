import { describe, expect, it } from 'vitest';
import * as api from './index.js';
import * as node from './node.js';

describe('@llm/trainer public API', () => {
  it('exports the loop, the optimizers, schedules, data tools, checkpoints and progress', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'Adam',
        'AdamW',
        'BaseOptimizer',
        'CheckpointError',
        'DataLoader',
        'NonFiniteError',
        'OptimizerStateError',
        'ProgressBar',
        'Sgd',
        'UnknownNameError',
        'adam',
        'adamW',
        'checkSignature',
        'clipGradNorm',
        'constantSchedule',
        'cosineSchedule',
        'decodeTrainerState',
        'defineSchedule',
        'encodeTrainerState',
        'evaluationLoss',
        'evaluationSums',
        'formatDuration',
        'getOptimizer',
        'getSchedule',
        'gradNorm',
        'inverseSqrtSchedule',
        'isOptimizerDef',
        'isScheduleDef',
        'linearSchedule',
        'languageModelMetrics',
        'lossCurveSvg',
        'memoryCheckpoints',
        'modelSignature',
        'modelTensors',
        'optimizers',
        'packDocuments',
        'padBatch',
        'paramGroups',
        'renderProgress',
        'restoreModelTensors',
        'schedules',
        'sgd',
        'train',
        'trainValSplit',
      ].sort(),
    );
    expect(typeof api.train).toBe('function');
    expect(Object.keys(api.optimizers)).toEqual(['adam', 'adamw', 'sgd']);
    expect(Object.keys(api.schedules)).toEqual(['constant', 'cosine', 'inverse-sqrt', 'linear']);
  });

  it('keeps files, terminals and processes in @llm/trainer/node', () => {
    expect(Object.keys(node).sort()).toEqual(
      [
        'MODEL_FILE',
        'STATE_FILE',
        'checkpointDirectory',
        'checkpointName',
        'jsonlMetrics',
        'lossCurveFile',
        'readCheckpoint',
        'readTextDocuments',
        'splitText',
        'terminalProgress',
      ].sort(),
    );
  });

  it('keeps node: imports out of the main entry (it runs in a browser)', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dir = new URL('./', import.meta.url);
    const walk = (sub: string): string[] =>
      readdirSync(new URL(sub, dir), { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? (e.name === 'node' ? [] : walk(`${sub}${e.name}/`)) : [`${sub}${e.name}`],
      );
    const sources = walk('').filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'node.ts',
    );
    expect(sources.length).toBeGreaterThan(10);
    for (const f of sources)
      expect(readFileSync(new URL(f, dir), 'utf8'), f).not.toMatch(/from 'node:/);
  });
});
