// pnpm --filter @llm/models bench
// Forward tokens/s for the GPT-2-124M shape (random weights, batch 1, no grad) at T = 64 and
// T = 512, on 1 and 2 threads, beside PyTorch's on the same machine in the same run when
// Debian's python3-torch is installed (tools/bench/gpt2_forward.py). Set BENCH_SMALL=1 for a
// 4-layer model that runs in seconds.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { noGrad, Rng, tensor } from '@llm/tensor-core';
import { setNumThreads } from '@llm/tensor-core/node';
import { Gpt } from '../src/index.js';

const small = process.env.BENCH_SMALL === '1';
const shape = small
  ? { vocabSize: 50257, contextLength: 1024, numLayers: 4, numHeads: 12, embedDim: 768 }
  : { vocabSize: 50257, contextLength: 1024, numLayers: 12, numHeads: 12, embedDim: 768 };
const lengths = [64, 512];
const threadCounts = [1, 2];

console.log(
  `@llm/models forward — GPT-2 shape ${JSON.stringify(shape)} — ${os.cpus()[0]?.model.trim()}, ${os.availableParallelism()} cores\n`,
);
const rng = new Rng(0);
const model = new Gpt(
  { ...shape, embedDropout: 0, attnDropout: 0, residDropout: 0 },
  { rng },
).eval();
console.log(`${(model.numParameters() / 1e6).toFixed(1)} M parameters`);

const ours: Record<string, number> = {};
for (const threads of threadCounts) {
  setNumThreads(threads);
  for (const T of lengths) {
    const ids = tensor(
      Int32Array.from({ length: T }, () => rng.int(shape.vocabSize)),
      [1, T],
    );
    noGrad(() => model.forward({ inputIds: ids })); // warm up (and the workers' JIT)
    let best = Number.POSITIVE_INFINITY;
    for (let r = 0; r < (T > 100 ? 1 : 2); r++) {
      const t = performance.now();
      noGrad(() => model.forward({ inputIds: ids }));
      best = Math.min(best, (performance.now() - t) / 1000);
    }
    ours[`${threads}:${T}`] = T / best;
  }
}
setNumThreads(1);

// PyTorch on the same machine, if it is there
const script = fileURLToPath(new URL('../../../tools/bench/gpt2_forward.py', import.meta.url));
const pythons = [process.env.TORCH_PYTHON, '/usr/bin/python3', 'python3'].filter(
  Boolean,
) as string[];
let torch: {
  torch: string;
  results: { threads: number; T: number; tokens_per_s: number }[];
} | null = null;
for (const py of pythons) {
  const probe = spawnSync(py, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) continue;
  const run = spawnSync(
    py,
    [
      script,
      '--layers',
      String(shape.numLayers),
      '--heads',
      String(shape.numHeads),
      '--embed',
      String(shape.embedDim),
      '--vocab',
      String(shape.vocabSize),
      '--context',
      String(shape.contextLength),
      '--lengths',
      ...lengths.map(String),
      '--threads',
      ...threadCounts.map(String),
    ],
    { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '2' } },
  );
  if (run.status === 0) torch = JSON.parse(run.stdout.trim().split('\n').pop()!);
  else console.log(`PyTorch run failed: ${run.stderr.trim().split('\n').pop()}`);
  break;
}

console.log('\nforward tokens/s (batch 1)');
console.log(
  ['threads', 'T', '@llm', 'PyTorch', '@llm / PyTorch'].map((s) => s.padStart(16)).join(''),
);
for (const threads of threadCounts) {
  for (const T of lengths) {
    const mine = ours[`${threads}:${T}`]!;
    const theirs = torch?.results.find((r) => r.threads === threads && r.T === T)?.tokens_per_s;
    console.log(
      [
        threads,
        T,
        mine.toFixed(1),
        theirs ? theirs.toFixed(1) : 'n/a',
        theirs ? `${(mine / theirs).toFixed(2)}×` : 'n/a',
      ]
        .map((s) => String(s).padStart(16))
        .join(''),
    );
  }
}
console.log(
  torch
    ? `\nPyTorch ${torch.torch}`
    : '\nPyTorch not installed (apt-get install python3-torch libopenblas0-openmp) — our figures only',
);
process.exit(0);
