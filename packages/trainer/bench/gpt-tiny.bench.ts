// pnpm --filter @llm/trainer bench
// Training tokens/s of the GPT-tiny configuration — 4 layers, 4 heads, 128 wide, context
// 128, batch 8, byte vocabulary 256, AdamW (lr 1e-3, weight decay 0.01), dropout 0 — through
// train(), on 1 and 2 threads, beside PyTorch's figure for the same model measured in this
// same run (tools/bench/gpt_tiny_train.py) when Debian's python3-torch is installed.
// The machine is shared and noisy: read the ratios, not the absolutes.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
// The trainer never knows a model; only this benchmark uses one (a devDependency).
import { Gpt } from '@llm/models';
import type { Objective } from '@llm/objectives';
import { Rng, type Tensor, tensor } from '@llm/tensor-core';
import { setNumThreads } from '@llm/tensor-core/node';
import { AdamW, DataLoader, train } from '../src/index.js';

const config = { vocabSize: 256, contextLength: 128, numLayers: 4, numHeads: 4, embedDim: 128 };
const B = 8;
const T = 128;
const STEPS = Number(process.env.BENCH_STEPS ?? 10);
const WARMUP = 2;

// The causal LM objective in one line: labels are the inputs, the model shifts them (as HF).
const causal: Objective<Gpt, Tensor> = {
  name: 'causal-lm',
  makeBatch: (examples) =>
    tensor(Int32Array.from(examples.flatMap((e) => [...e])), [examples.length, T]),
  loss: (model, ids) => model.forward({ inputIds: ids, labels: ids }).loss!,
};

async function ours(threads: number): Promise<number> {
  setNumThreads(threads);
  const rng = new Rng(0);
  const blocks = Array.from({ length: B * (STEPS + WARMUP) }, () =>
    Int32Array.from({ length: T }, () => rng.int(256)),
  );
  const model = new Gpt(
    { ...config, embedDropout: 0, attnDropout: 0, residDropout: 0 },
    { rng: new Rng(1) },
  );
  let start = 0;
  let tokens = 0;
  await train({
    model,
    objective: causal,
    optimizer: new AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0.01 }),
    data: new DataLoader(blocks, { batchSize: B, shuffle: false }),
    steps: STEPS + WARMUP,
    callbacks: [
      {
        onStep: ({ step, tokens: n }) => {
          if (step === WARMUP) start = performance.now();
          else if (step > WARMUP) tokens += n;
        },
      },
    ],
  });
  return tokens / ((performance.now() - start) / 1000);
}

function torch(threads: number): number | null {
  const script = new URL('../../../tools/bench/gpt_tiny_train.py', import.meta.url).pathname;
  const env = {
    ...process.env,
    OMP_NUM_THREADS: String(threads),
    OPENBLAS_NUM_THREADS: String(threads),
  };
  const r = spawnSync(
    '/usr/bin/python3',
    [script, '--threads', String(threads), '--steps', String(STEPS)],
    {
      env,
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) return null;
  return (JSON.parse(r.stdout) as { results: { tokens_per_s: number }[] }).results[0]!.tokens_per_s;
}

console.log(
  `@llm/trainer GPT-tiny training — ${os.cpus()[0]?.model.trim()}, ${os.availableParallelism()} cores, Node ${process.version}`,
);
console.log(`B=${B} T=${T}, ${STEPS} timed steps after ${WARMUP} warm-up steps, AdamW\n`);
const row = (cells: (string | number)[]) =>
  console.log(cells.map((c) => String(c).padStart(14)).join(''));
row(['threads', '@llm tok/s', 'torch tok/s', '@llm / torch']);
const results: Record<string, number | null> = {};
for (const threads of [1, 2]) {
  const a = await ours(threads);
  const b = torch(threads);
  results[`llm_${threads}t`] = a;
  results[`torch_${threads}t`] = b;
  row([
    threads,
    a.toFixed(0),
    b === null ? 'n/a' : b.toFixed(0),
    b === null ? '' : (a / b).toFixed(3),
  ]);
}
if (results.torch_1t === null)
  console.log('\n(PyTorch: install Debian python3-torch and libopenblas0-openmp to compare)');
console.log(`\n${JSON.stringify(results)}`);
process.exit(0);
