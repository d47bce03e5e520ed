import { describe, expect, it } from 'vitest';
import { formatDuration, ProgressBar, renderProgress } from './progress-bar.js';
import type { StepInfo } from './train.js';

const state = {
  step: 50,
  totalSteps: 200,
  loss: 2.5,
  lr: 3e-4,
  tokensPerSecond: 4100.4,
  etaSeconds: 75,
};

describe('renderProgress (a pure function of the state)', () => {
  it('shows step, bar, percent, loss, lr, tokens/s and ETA within the width', () => {
    const line = renderProgress(state, 80);
    expect(line.length).toBe(80);
    const [, bar, tail] = /^step 50\/200 \[([^\]]*)\] (.*)$/.exec(line)!;
    expect(tail).toBe(' 25% loss 2.5000 lr 3.00e-4 4,100 tok/s ETA 1:15');
    // a quarter of the bar filled, then the head
    expect(bar).toBe(
      `${'='.repeat(Math.floor(bar!.length / 4))}>${' '.repeat(bar!.length - Math.floor(bar!.length / 4) - 1)}`,
    );
    const done = renderProgress({ ...state, step: 200, etaSeconds: 0 }, 80);
    expect(done).toMatch(/\[=+\] 100% .* ETA 0:00$/);
    expect(renderProgress({ ...state, step: 0, etaSeconds: null }, 80)).toMatch(
      /\[> +\] {3}0% .* ETA \?$/,
    );
  });

  it('drops the bar when the width is too small, and prints a non-finite loss as is', () => {
    expect(renderProgress({ ...state, loss: Number.NaN }, 30)).toBe(
      'step 50/200  25% loss NaN lr 3.00e-4 4,100 tok/s ETA 1:15',
    );
  });

  it('formats durations as m:ss and h:mm:ss', () => {
    expect([0, 59.6, 75, 3725].map(formatDuration)).toEqual(['0:00', '1:00', '1:15', '1:02:05']);
  });
});

describe('ProgressBar', () => {
  const step = (k: number, total = 10): StepInfo => ({
    step: k,
    totalSteps: total,
    loss: 3 - k / 10,
    lr: 1e-3,
    gradNorm: 1,
    tokens: 100,
    skipped: false,
  });

  it('without a TTY prints plain lines: the first step, then every interval, and the last', () => {
    let clock = 0;
    const out: string[] = [];
    const bar = new ProgressBar({
      write: (s) => out.push(s),
      isTTY: false,
      now: () => clock,
      intervalSeconds: 10,
    });
    bar.onStart({ startStep: 0 });
    for (let k = 1; k <= 10; k++) {
      clock = k * 4000; // 4 s a step
      bar.onStep(step(k));
    }
    bar.onEnd({
      steps: 10,
      losses: [],
      evals: [],
      stoppedEarly: null,
      skippedSteps: 0,
      resumedFrom: 0,
    });
    // step 1 at 4 s, then ≥ 10 s later: step 4 (16 s), step 7 (28 s), step 10 (last)
    expect(out.map((l) => l.split(' ')[1])).toEqual(['1/10', '4/10', '7/10', '10/10']);
    expect(out.every((l) => l.endsWith('\n') && !l.includes('\r'))).toBe(true);
    // 100 tokens a step, 4 s a step: 25 tok/s; at step 4, 6 steps of 4 s left
    expect(out[1]).toContain('25 tok/s ETA 0:24');
  });

  it('on a TTY redraws one line in place, and puts evaluations and checkpoints on lines of their own', () => {
    let clock = 0;
    const out: string[] = [];
    const bar = new ProgressBar({
      write: (s) => out.push(s),
      isTTY: true,
      now: () => clock,
      width: 80,
    });
    bar.onStart({ startStep: 4 });
    clock = 1000;
    bar.onStep(step(5));
    bar.onEval({ step: 5, loss: 1.23456, best: 1.2 });
    clock = 2000;
    bar.onStep(step(6));
    bar.onCheckpoint({ step: 6, where: 'runs/x/checkpoint-00000006' });
    bar.onEnd({
      steps: 6,
      losses: [],
      evals: [],
      stoppedEarly: null,
      skippedSteps: 0,
      resumedFrom: 4,
    });
    expect(out[0]!.startsWith('\rstep 5/10 [')).toBe(true);
    expect(out[0]!.endsWith('\x1b[K')).toBe(true);
    expect(out[1]).toBe('\r\x1b[Keval at step 5: loss 1.2346 (best 1.2000)\n');
    expect(out[2]!.startsWith('\rstep 6/10')).toBe(true);
    // a resumed run measures its own speed: 2 steps in 2 s, 4 steps left
    expect(out[2]).toContain('100 tok/s ETA 0:04');
    expect(out[3]).toBe('\r\x1b[Kcheckpoint at step 6: runs/x/checkpoint-00000006\n');
    expect(out).toHaveLength(4);
  });
});
