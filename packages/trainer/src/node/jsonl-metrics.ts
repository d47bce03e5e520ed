/**
 * Metrics as JSON lines, appended as the run goes: one `{"event":"step",...}` per step,
 * `{"event":"eval",...}` per evaluation, `{"event":"checkpoint",...}` per save. A resumed
 * run first drops the lines of steps after the checkpoint it resumes from (those steps
 * are run again), so the file reads as one uninterrupted run.
 *
 *   import { jsonlMetrics } from '@llm/trainer/node';
 *   await train({ ..., callbacks: [jsonlMetrics('runs/gpt/metrics.jsonl')] });
 *   // {"event":"step","step":1,"loss":5.54,"lr":0.0003,"gradNorm":1.9,"tokens":1024,"skipped":false,"time":"2026-…"}
 */
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from '@llm/tensor-core/node';
import type { TrainCallbacks } from '../train.js';

export function jsonlMetrics(path: string, options: { now?: () => Date } = {}): TrainCallbacks {
  const now = options.now ?? (() => new Date());
  const append = (record: Record<string, unknown>) =>
    appendFileSync(path, `${JSON.stringify({ ...record, time: now().toISOString() })}\n`);
  return {
    async onStart({ startStep }) {
      mkdirSync(dirname(path), { recursive: true });
      let kept: string[] = [];
      try {
        kept = readFileSync(path, 'utf8')
          .split('\n')
          .filter((line) => {
            if (line.trim() === '') return false;
            try {
              const step = (JSON.parse(line) as { step?: unknown }).step;
              return typeof step === 'number' && step <= startStep;
            } catch {
              return false; // a line cut short by a kill
            }
          });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      await writeFileAtomic(path, kept.map((l) => `${l}\n`).join(''));
    },
    onStep(info) {
      append({
        event: 'step',
        step: info.step,
        loss: finite(info.loss),
        lr: info.lr,
        gradNorm: finite(info.gradNorm),
        tokens: info.tokens,
        skipped: info.skipped,
      });
    },
    onEval(info) {
      append({ event: 'eval', step: info.step, loss: finite(info.loss), best: finite(info.best) });
    },
    onCheckpoint(info) {
      append({ event: 'checkpoint', step: info.step, path: info.where });
    },
  };
}

/** JSON has no NaN / Infinity: they are written as strings. */
function finite(x: number): number | string {
  return Number.isFinite(x) ? x : String(x);
}
