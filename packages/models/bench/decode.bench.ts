// pnpm --filter @llm/models bench:decode
// Greedy decoding for the GPT-2-124M shape (random weights, batch 1): a 64-token prompt, then
// 64 new tokens with the KV cache — prefill ms, decode tokens/s and peak RSS against the
// float32 weight size — beside PyTorch's decode on the same machine in the same run when
// Debian's python3-torch is installed (tools/bench/gpt2_decode.py). Targets (issue #9):
// ≥ 0.3× PyTorch's single-thread decode; peak RSS ≤ 1.5× the weights.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { noGrad, Rng, tensor } from '@llm/tensor-core';
import { Gpt } from '../src/index.js';

const PROMPT = 64;
const NEW = 64;
const rng = new Rng(0);
const model = new Gpt(
  {
    vocabSize: 50257,
    contextLength: 1024,
    numLayers: 12,
    numHeads: 12,
    embedDim: 768,
    embedDropout: 0,
    attnDropout: 0,
    residDropout: 0,
  },
  { rng },
).eval();
const weightBytes = model.numParameters() * 4;
const ids = tensor(
  Int32Array.from({ length: PROMPT }, () => rng.int(50257)),
  [1, PROMPT],
);

noGrad(() => model.startGeneration(ids)); // warm up the JIT on a full prefill
const t0 = performance.now();
const state = noGrad(() => model.startGeneration(ids));
const prefillMs = performance.now() - t0;
const t1 = performance.now();
for (let i = 0; i < NEW; i++) {
  const V = state.logits.shape[1]!;
  let best = 0;
  for (let v = 1; v < V; v++) if (state.logits.data[v]! > state.logits.data[best]!) best = v;
  noGrad(() => state.step(Int32Array.of(best)));
}
const decodeTps = NEW / ((performance.now() - t1) / 1000);
const rss = process.resourceUsage().maxRSS * 1024; // kilobytes → bytes

const script = fileURLToPath(new URL('../../../tools/bench/gpt2_decode.py', import.meta.url));
let torch: { torch: string; prefill_ms: number; decode_tokens_per_s: number } | null = null;
for (const py of [process.env.TORCH_PYTHON, '/usr/bin/python3', 'python3'].filter(
  Boolean,
) as string[]) {
  if (spawnSync(py, ['-c', 'import torch'], { encoding: 'utf8' }).status !== 0) continue;
  const run = spawnSync(
    py,
    [script, '--prompt', String(PROMPT), '--new', String(NEW), '--threads', '1'],
    { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } },
  );
  if (run.status === 0) torch = JSON.parse(run.stdout.trim().split('\n').pop()!);
  break;
}

const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
console.log(
  `@llm/models decode — GPT-2-124M shape, batch 1, ${PROMPT}-token prompt, ${NEW} new tokens greedy, KV cache, 1 thread — ${os.cpus()[0]?.model.trim()}`,
);
console.log(
  `prefill: ${prefillMs.toFixed(0)} ms${torch ? ` (PyTorch ${torch.prefill_ms.toFixed(0)} ms)` : ''}`,
);
console.log(
  `decode: ${decodeTps.toFixed(2)} tokens/s${torch ? ` (PyTorch ${torch.decode_tokens_per_s.toFixed(2)}; ratio ${(decodeTps / torch.decode_tokens_per_s).toFixed(2)}×)` : ' (PyTorch not installed)'}`,
);
console.log(
  `peak RSS: ${mb(rss)} = ${(rss / weightBytes).toFixed(2)}× the ${mb(weightBytes)} of float32 weights`,
);
process.exit(0);
