import { defaultRng, Rng, type Tensor } from '@llm/tensor-core';
import { describe, expect, it } from 'vitest';
import { CharLm, nextToken, toyCorpus } from '../test/helpers/toy.js';
import { memoryCheckpoints } from './checkpoint.js';
import { DataLoader } from './data/data-loader.js';
import { AdamW } from './optimizers/adam-w.js';
import { Sgd } from './optimizers/sgd.js';
import { cosineSchedule } from './schedules/cosine-schedule.js';
import { linearSchedule } from './schedules/linear-schedule.js';
import { type StepInfo, train } from './train.js';

const V = 12;
const model = (seed = 0, dropout = 0, dim = 8) =>
  new CharLm({ vocabSize: V, dim, dropout, rng: new Rng(seed) });
const values = (m: CharLm) => m.parameters().map((p) => Float64Array.from(p.data));

describe('train()', () => {
  it('learns: the loss of a toy next-token task falls by more than half', async () => {
    const m = model();
    const result = await train({
      model: m,
      objective: nextToken({ padId: 0 }),
      optimizer: new AdamW(m.parameters(), { lr: 3e-2, weightDecay: 0 }),
      data: new DataLoader(toyCorpus(64, V), { batchSize: 8 }),
      steps: 60,
    });
    expect(result.steps).toBe(60);
    expect(result.losses).toHaveLength(60);
    expect(result.losses.at(-1)!).toBeLessThan(result.losses[0]! / 2);
  });

  it("sets each update's lr from the schedule and reports it with loss, norm and tokens", async () => {
    const m = model();
    const seen: StepInfo[] = [];
    const schedule = linearSchedule({ warmupSteps: 2, totalSteps: 6 });
    const corpus = toyCorpus(8, V);
    await train({
      model: m,
      objective: nextToken({ padId: 0 }),
      optimizer: new Sgd(m.parameters(), { lr: 0.5 }),
      schedule,
      data: new DataLoader(corpus, { batchSize: 4, shuffle: false }),
      steps: 6,
      callbacks: [{ onStep: (i) => void seen.push(i) }],
    });
    expect(seen.map((s) => s.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seen.map((s) => s.lr)).toEqual([0, 1, 2, 3, 4, 5].map((k) => 0.5 * schedule.factor(k)));
    const lengths = corpus.map((e) => e.length);
    expect(seen[0]!.tokens).toBe(lengths.slice(0, 4).reduce((a, b) => a + b, 0));
    expect(seen.every((s) => s.gradNorm > 0 && !s.skipped)).toBe(true);
  });

  it('accumulates 4 micro-batches of 2 into exactly the update of one batch of 8 (uneven padding)', async () => {
    // micro-batches of very different lengths: each pads to its own longest and holds a
    // different number of targets (1 + 2, 11 + 10, 3 + 1, 11 + 4)
    const lengths = [2, 3, 12, 11, 4, 2, 12, 5];
    const corpus = lengths.map((n, i) =>
      Int32Array.from({ length: n }, (_, t) => ((i * 5 + t * 7) % (V - 1)) + 1),
    );
    const run = async (batchSize: number, accumulate: number, weighByTargets: boolean) => {
      const m = model(3);
      const objective = nextToken({ padId: 0 });
      const result = await train({
        model: m,
        objective: weighByTargets ? objective : { ...objective, countTargets: undefined },
        optimizer: new Sgd(m.parameters(), { lr: 1 }),
        data: new DataLoader(corpus, { batchSize, shuffle: false }),
        steps: 1,
        accumulate,
      });
      return { loss: result.losses[0]!, params: values(m) };
    };
    const whole = await run(8, 1, true);
    const accumulated = await run(2, 4, true);
    const naive = await run(2, 4, false); // HF's pitfall: the mean of the micro-batch means
    expect(accumulated.loss).toBeCloseTo(whole.loss, 6);
    const maxDiff = (a: Float64Array[], b: Float64Array[]) =>
      Math.max(...a.map((x, i) => Math.max(...x.map((v, j) => Math.abs(v - b[i]![j]!)))));
    expect(maxDiff(accumulated.params, whole.params)).toBeLessThan(1e-6);
    // the pitfall is large next to the rounding the exact weighting leaves
    expect(Math.abs(naive.loss - whole.loss)).toBeGreaterThan(1e-2);
    expect(maxDiff(naive.params, whole.params)).toBeGreaterThan(
      1e3 * maxDiff(accumulated.params, whole.params),
    );
  });

  it('runs a micro-batch without targets through no forward pass: it weighs nothing', async () => {
    const [a, b] = toyCorpus(2, V);
    const run = async (corpus: Int32Array[], accumulate: number) => {
      const m = model(3);
      const objective = nextToken({ padId: 0 });
      let calls = 0;
      const result = await train({
        model: m,
        // its loss would be NaN (a mean over no targets), and NaN · 0 would poison the step
        objective: {
          ...objective,
          loss: (mm: CharLm, bb) => {
            calls++;
            return objective.loss(mm, bb);
          },
        },
        optimizer: new Sgd(m.parameters(), { lr: 1 }),
        data: new DataLoader(corpus, { batchSize: 2, shuffle: false }),
        steps: 1,
        accumulate,
      });
      return { calls, loss: result.losses[0]!, params: values(m) };
    };
    const alone = await run([a!, b!], 1);
    const withEmpty = await run([Int32Array.of(1), Int32Array.of(2), a!, b!], 2);
    expect(withEmpty.calls).toBe(1);
    expect(withEmpty.loss).toBe(alone.loss);
    expect(withEmpty.params).toEqual(alone.params);
  });

  it('skips an update whose loss is NaN, reports it, and goes on', async () => {
    const m = model();
    const objective = nextToken({ padId: 0 });
    let calls = 0;
    const poisoned = {
      ...objective,
      loss: (mm: CharLm, b: Parameters<typeof objective.loss>[1]) => {
        const l = objective.loss(mm, b);
        return ++calls === 2 ? l.mul(Number.NaN) : l;
      },
    };
    const seen: StepInfo[] = [];
    const after: Float64Array[][] = [];
    const result = await train({
      model: m,
      objective: poisoned,
      optimizer: new AdamW(m.parameters(), { lr: 1e-2 }),
      data: new DataLoader(toyCorpus(16, V), { batchSize: 4 }),
      steps: 3,
      callbacks: [
        {
          onStep: (i) => {
            seen.push(i);
            after.push(values(m));
          },
        },
      ],
    });
    expect(seen.map((s) => s.skipped)).toEqual([false, true, false]);
    expect(Number.isNaN(seen[1]!.loss)).toBe(true);
    expect(result.skippedSteps).toBe(1);
    // step 2 changed nothing; steps 1 and 3 did
    expect(after[1]).toEqual(after[0]);
    expect(after[2]).not.toEqual(after[1]);
    expect(result.losses.filter(Number.isFinite)).toHaveLength(2);
  });

  it('stops with a one-line message on a non-finite gradient when asked to', async () => {
    const m = model();
    const objective = nextToken({ padId: 0 });
    const exploding = {
      ...objective,
      loss: (mm: CharLm, b: Parameters<typeof objective.loss>[1]) =>
        objective.loss(mm, b).mul(1e38).mul(1e38),
    };
    await expect(
      train({
        model: m,
        objective: exploding,
        optimizer: new Sgd(m.parameters(), { lr: 1 }),
        data: new DataLoader(toyCorpus(8, V), { batchSize: 4 }),
        steps: 2,
        onNonFinite: 'stop',
      }),
    ).rejects.toThrow(/^step 1: loss is Infinity; stopping/);
  });

  it('evaluates every N steps and stops early when the evaluation loss stops improving', async () => {
    const m = model();
    const corpus = toyCorpus(24, V);
    const evals: number[] = [];
    const result = await train({
      model: m,
      objective: nextToken({ padId: 0 }),
      optimizer: new Sgd(m.parameters(), { lr: 0 }), // nothing changes: no evaluation improves
      data: new DataLoader(corpus.slice(0, 16), { batchSize: 4 }),
      steps: 100,
      evaluate: { every: 3, batches: [corpus.slice(16, 20), corpus.slice(20, 24)] },
      earlyStopping: { patience: 2 },
      callbacks: [{ onEval: (e) => void evals.push(e.step) }],
    });
    expect(evals).toEqual([3, 6, 9]);
    expect(result.steps).toBe(9);
    expect(result.stoppedEarly).toMatch(/no improvement in the last 2 evaluations/);
    expect(new Set(result.evals.map((e) => e.loss)).size).toBe(1);
  });

  it('calls the hooks in order (start; step, eval, checkpoint per step; end) and saves where it stops early', async () => {
    const m = model();
    const corpus = toyCorpus(24, V);
    const events: string[] = [];
    const store = memoryCheckpoints();
    await train({
      model: m,
      objective: nextToken({ padId: 0 }),
      optimizer: new Sgd(m.parameters(), { lr: 0 }), // nothing changes: evaluations 2 and 3 are bad
      data: new DataLoader(corpus.slice(0, 16), { batchSize: 4 }),
      steps: 100,
      evaluate: { every: 2, batches: [corpus.slice(16, 24)] },
      earlyStopping: { patience: 2 },
      checkpoint: { store, every: 4 },
      callbacks: [
        {
          onStart: (i) => void events.push(`start ${i.startStep}/${i.totalSteps}`),
          onStep: (i) => void events.push(`step ${i.step}`),
          onEval: (i) => void events.push(`eval ${i.step}`),
          onCheckpoint: (i) => void events.push(`checkpoint ${i.step} ${i.where}`),
          onEnd: (r) => void events.push(`end ${r.steps}`),
        },
      ],
    });
    expect(events).toEqual([
      'start 0/100',
      ...['step 1', 'step 2', 'eval 2', 'step 3', 'step 4', 'eval 4', 'checkpoint 4 memory:4'],
      ...['step 5', 'step 6', 'eval 6', 'checkpoint 6 memory:6'], // 6 is no multiple of 4: the early stop saves
      'end 6',
    ]);
    expect(store.saved.map((c) => c.step)).toEqual([4, 6]);
  });

  it('turns epochs into steps (accumulation included) and leaves the model in training mode', async () => {
    const m = model();
    const result = await train({
      model: m,
      objective: nextToken({ padId: 0 }),
      optimizer: new Sgd(m.parameters(), { lr: 0.1 }),
      data: new DataLoader(toyCorpus(20, V), { batchSize: 4 }), // 5 batches an epoch
      epochs: 2,
      accumulate: 2,
    });
    expect(result.steps).toBe(5);
    expect(m.training).toBe(true);
  });

  it('refuses contradictory options', async () => {
    const m = model();
    const base = {
      model: m,
      objective: nextToken({ padId: 0 }),
      optimizer: new Sgd(m.parameters(), { lr: 0.1 }),
      data: new DataLoader(toyCorpus(8, V), { batchSize: 4 }),
    };
    await expect(train({ ...base })).rejects.toThrow('train: give exactly one of steps and epochs');
    await expect(train({ ...base, steps: 2, accumulate: 0 })).rejects.toThrow(/accumulate/);
    await expect(train({ ...base, steps: 2, earlyStopping: { patience: 1 } })).rejects.toThrow(
      /needs evaluate/,
    );
  });
});

describe('train() checkpoints and resume (in process)', () => {
  // Everything random at once: dropout (global generator), random target dropping (the
  // objective's generator), shuffling (the loader), AdamW moments, a warmup-cosine schedule.
  const setup = (store = memoryCheckpoints()) => {
    const m = model(7, 0.2);
    return {
      model: m,
      objective: nextToken({ padId: 0, targetDropout: 0.3 }),
      optimizer: new AdamW(m.parameters(), { lr: 1e-2 }),
      schedule: cosineSchedule({ warmupSteps: 3, totalSteps: 20 }),
      data: new DataLoader(toyCorpus(30, V), { batchSize: 4, seed: 5 }),
      accumulate: 2,
      clip: 1,
      seed: 11,
      checkpoint: { store, every: 5 },
    };
  };

  it('20 steps straight equal 10 steps, a fresh process-like restart, and 10 more: identical losses and weights', async () => {
    const straight = setup();
    const full = await train({ ...straight, steps: 20 });

    const store = memoryCheckpoints();
    const first = await train({ ...setup(store), steps: 10 });
    expect(first.losses).toEqual(full.losses.slice(0, 10));
    defaultRng().seed(999); // the global generator moves on in between, as in a new process
    const again = setup(store);
    const resumed = await train({ ...again, steps: 20 });
    expect(resumed.resumedFrom).toBe(10);
    expect(resumed.losses).toEqual(full.losses);
    expect(values(again.model)).toEqual(values(straight.model));
  });

  it('refuses a checkpoint of another model with one line naming the differences', async () => {
    const store = memoryCheckpoints();
    await train({ ...setup(store), steps: 5 });
    const other = model(0, 0, 6);
    const run = train({
      ...setup(store),
      model: other,
      optimizer: new AdamW(other.parameters(), { lr: 1e-2 }),
      steps: 10,
    });
    await expect(run).rejects.toThrow(
      /^memory:5: written for another model or config: shapes differ \(6\): wte\.weight: here \[12, 6\], saved \[12, 8\]/,
    );
    const message = await run.then(
      () => '',
      (e: Error) => e.message,
    );
    expect(message.split('\n')).toHaveLength(1);
  });

  it('refuses to resume under another schedule, and touches nothing before refusing', async () => {
    const store = memoryCheckpoints();
    await train({ ...setup(store), steps: 5 });
    const s = setup(store);
    const before = values(s.model);
    await expect(
      train({ ...s, schedule: linearSchedule({ totalSteps: 20 }), steps: 10 }),
    ).rejects.toThrow(/saved with schedule cosine .*this run has linear/);
    expect(values(s.model)).toEqual(before);
  });

  it('saves every N steps and at the end', async () => {
    const store = memoryCheckpoints();
    await train({ ...setup(store), steps: 12 });
    expect(store.saved.map((c) => c.step)).toEqual([5, 10, 12]);
    const names = Object.keys(store.saved[0]!.model);
    expect(names).toContain('wte.weight');
    expect((store.saved[0]!.model['wte.weight'] as Tensor).shape).toEqual([V, 8]);
  });
});
