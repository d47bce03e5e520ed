/**
 * The child process of resume.test.ts: trains the toy model with everything random at
 * once (dropout, random target dropping, shuffling, AdamW, warmup + cosine, accumulation,
 * clipping) and checkpoints into DIR every 5 steps, printing one JSON line per step and
 * per checkpoint. With --hang-after N it stops making progress after step N (waiting to
 * be killed), so the parent's SIGKILL always lands mid-run.
 *
 *   node --import tsx --conditions=@llm/source test/resume-child.ts DIR 20 [--hang-after 12]
 */
import { Rng } from '@llm/tensor-core';
import { AdamW, cosineSchedule, DataLoader, train } from '../src/index.js';
import { checkpointDirectory } from '../src/node.js';
import { CharLm, nextToken, toyCorpus } from './helpers/toy.js';

const [dir, stepsArg, flag, hangArg] = process.argv.slice(2);
if (!dir || !stepsArg) throw new Error('usage: resume-child.ts DIR STEPS [--hang-after N]');
const hangAfter = flag === '--hang-after' ? Number(hangArg) : Number.POSITIVE_INFINITY;
const say = (o: object): void => {
  process.stdout.write(`${JSON.stringify(o)}\n`);
};

const model = new CharLm({ vocabSize: 12, dim: 8, dropout: 0.2, rng: new Rng(7) });
await train({
  model,
  objective: nextToken({ padId: 0, targetDropout: 0.3 }),
  optimizer: new AdamW(model.parameters(), { lr: 1e-2 }),
  schedule: cosineSchedule({ warmupSteps: 3, totalSteps: 20 }),
  data: new DataLoader(toyCorpus(30, 12), { batchSize: 4, seed: 5 }),
  steps: Number(stepsArg),
  accumulate: 2,
  clip: 1,
  seed: 11,
  checkpoint: { store: checkpointDirectory(dir, { keep: 2 }), every: 5 },
  callbacks: [
    {
      onStart: ({ startStep }) => say({ start: startStep }),
      onStep: async ({ step, loss }) => {
        say({ step, loss });
        if (step >= hangAfter) await new Promise(() => setInterval(() => {}, 1000));
      },
      onCheckpoint: ({ step }) => say({ checkpoint: step }),
    },
  ],
});
