/**
 * The train-gpt pipeline, step by step — the seed's steps 1–6 for a GPT:
 *
 *   1. preprocess  train a byte-level BPE tokenizer on the corpus (or reuse a saved one)
 *   2. data        tokenize every document, hold some out, pack the rest into blocks with EOS
 *   3. design      a small GPT-2-shaped model
 *   4. pre-train   causal LM with AdamW, warmup + cosine, a progress bar, JSONL metrics, a loss curve
 *   5. evaluate    validation perplexity every N steps, beside a unigram baseline on the same split
 *   6. deploy      sample some text, save config.json + model.safetensors + tokenizer.json
 *
 *   const result = await runPipeline({ documents, out: 'runs/train-gpt', steps: 300 });
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { perplexity } from '@llm/eval-metrics';
import { type GenerativeModel, Gpt, generate, savePretrained } from '@llm/models';
import { causalLm } from '@llm/objectives';
import { noGrad, Rng, tensor } from '@llm/tensor-core';
import { setNumThreads } from '@llm/tensor-core/node';
import {
  Bpe,
  BpeTrainer,
  BYTE_TO_CHAR,
  ByteLevel,
  ByteLevelDecoder,
  ByteLevelPostProcessor,
  Tokenizer,
} from '@llm/tokenizer/node';
import {
  AdamW,
  cosineSchedule,
  DataLoader,
  packDocuments,
  paramGroups,
  train,
  trainValSplit,
} from '@llm/trainer';
import { jsonlMetrics, lossCurveFile, terminalProgress } from '@llm/trainer/node';

export const SIZES = {
  // ~0.9 M parameters with a 1,024-token vocabulary: the default, about ten minutes on 2 cores
  tiny: { numLayers: 4, numHeads: 4, embedDim: 128, contextLength: 64 },
  small: { numLayers: 6, numHeads: 6, embedDim: 192, contextLength: 128 },
  base: { numLayers: 8, numHeads: 8, embedDim: 256, contextLength: 128 },
} as const;

export interface PipelineOptions {
  readonly documents: readonly string[];
  readonly out: string;
  /** A preset, or a shape of your own. */
  readonly size?:
    | keyof typeof SIZES
    | {
        readonly numLayers: number;
        readonly numHeads: number;
        readonly embedDim: number;
        readonly contextLength: number;
      };
  readonly vocabSize?: number;
  readonly steps?: number;
  readonly batchSize?: number;
  readonly lr?: number;
  readonly seed?: number;
  readonly evalEvery?: number;
  readonly threads?: number;
  readonly samplePrompt?: string;
  /** Where progress goes (stderr by default); tests pass a sink. */
  readonly log?: (line: string) => void;
  readonly progress?: boolean;
}

export interface PipelineResult {
  readonly tokens: { readonly train: number; readonly validation: number };
  readonly parameters: number;
  readonly validationLoss: number;
  readonly validationPerplexity: number;
  readonly unigramLoss: number;
  readonly unigramPerplexity: number;
  readonly sample: string;
  readonly evals: readonly { readonly step: number; readonly loss: number }[];
}

const EOS = '<|endoftext|>';

/** Trains a byte-level BPE tokenizer (GPT-2's pipeline) on the documents. */
export function trainTokenizer(documents: readonly string[], vocabSize: number): Tokenizer {
  const tokenizer = new Tokenizer(new Bpe(new Map(), []), {
    preTokenizer: new ByteLevel({ addPrefixSpace: false }),
    postProcessor: new ByteLevelPostProcessor({ trimOffsets: false }),
    decoder: new ByteLevelDecoder(),
  });
  const trainer = new BpeTrainer({
    vocabSize,
    specialTokens: [EOS],
    initialAlphabet: [...BYTE_TO_CHAR],
  });
  return tokenizer.train(
    trainer,
    documents.flatMap((d) => d.split(/(?<=\n)/)),
  );
}

/**
 * Cross-entropy (nats / token) of a unigram model — token frequencies counted on the
 * training split, add-one smoothed — on the validation targets: the number any model
 * that reads context must beat.
 */
export function unigramLoss(
  train: readonly ArrayLike<number>[],
  validation: readonly ArrayLike<number>[],
  vocabSize: number,
): number {
  const counts = new Float64Array(vocabSize).fill(1);
  let total = vocabSize;
  for (const block of train) {
    for (let i = 1; i < block.length; i++) {
      counts[block[i]!]!++;
      total++;
    }
  }
  let nll = 0;
  let n = 0;
  for (const block of validation) {
    for (let i = 1; i < block.length; i++) {
      nll -= Math.log(counts[block[i]!]! / total);
      n++;
    }
  }
  return nll / n;
}

export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const size = typeof options.size === 'object' ? options.size : SIZES[options.size ?? 'tiny'];
  const { out, steps = 800, batchSize = 8, lr = 2e-3, seed = 0 } = options;
  const vocabSize = options.vocabSize ?? 1024;
  setNumThreads(options.threads ?? 2);
  await mkdir(out, { recursive: true });

  // 1. preprocess
  const tokenizerPath = join(out, 'tokenizer.json');
  let tokenizer: Tokenizer;
  if (existsSync(tokenizerPath)) {
    tokenizer = Tokenizer.fromString(
      await readFile(tokenizerPath, 'utf8'),
      tokenizerPath,
    ) as Tokenizer;
    log(`tokenizer: reusing ${tokenizerPath} (${tokenizer.getVocabSize()} tokens)`);
  } else {
    const t = performance.now();
    tokenizer = trainTokenizer(options.documents, vocabSize);
    await tokenizer.save(tokenizerPath);
    log(
      `tokenizer: trained a ${tokenizer.getVocabSize()}-token byte-level BPE in ${((performance.now() - t) / 1000).toFixed(1)} s → ${tokenizerPath}`,
    );
  }
  const V = tokenizer.getVocabSize();
  const eos = tokenizer.tokenToId(EOS);
  if (eos === undefined) throw new Error(`${tokenizerPath}: has no ${EOS} token`);

  // 2. data: documents → ids; whole documents held out for validation
  const encoded = options.documents.map(
    (d) => tokenizer.encode(d, { addSpecialTokens: false }).ids,
  );
  const split = trainValSplit(encoded, { validationFraction: 0.05, seed });
  const blockSize = size.contextLength;
  const trainBlocks = packDocuments(split.train, { blockSize, eosId: eos });
  const validationBlocks = packDocuments(split.validation, { blockSize, eosId: eos });
  const tokens = {
    train: trainBlocks.length * blockSize,
    validation: validationBlocks.length * blockSize,
  };
  log(
    `data: ${split.train.length} train / ${split.validation.length} validation documents → ${tokens.train} / ${tokens.validation} tokens in blocks of ${blockSize}`,
  );

  // 3. design
  const rng = new Rng(seed);
  const model = new Gpt(
    {
      vocabSize: V,
      ...size,
      embedDropout: 0.1,
      attnDropout: 0.1,
      residDropout: 0.1,
      bosTokenId: eos,
      eosTokenId: eos,
    },
    { rng },
  );
  log(
    `model: GPT ${size.numLayers} layers × ${size.embedDim} wide, ${size.numHeads} heads, context ${blockSize} — ${model.numParameters().toLocaleString('en')} parameters`,
  );

  // 4. pre-train (5. evaluate every N steps)
  const evalEvery = options.evalEvery ?? Math.max(1, Math.floor(steps / 4));
  const evalBatches: Int32Array[][] = [];
  for (let i = 0; i < Math.min(validationBlocks.length, 64); i += batchSize)
    evalBatches.push(validationBlocks.slice(i, i + batchSize));
  const unigram = unigramLoss(trainBlocks, evalBatches.flat(), V);
  log(
    `baseline: a unigram model scores validation loss ${unigram.toFixed(3)} (perplexity ${Math.exp(unigram).toFixed(1)})`,
  );
  const result = await train({
    model,
    objective: causalLm(),
    optimizer: new AdamW(paramGroups(model, { weightDecay: 0.1 }), {
      lr,
      betas: [0.9, 0.95],
      eps: 1e-8,
    }),
    schedule: cosineSchedule({
      warmupSteps: Math.min(30, Math.floor(steps / 10)),
      totalSteps: steps,
      minLrRatio: 0.1,
    }),
    data: new DataLoader(trainBlocks, { batchSize, seed }),
    steps,
    clip: 1.0,
    seed,
    generators: [rng],
    evaluate: { every: evalEvery, batches: evalBatches },
    callbacks: [
      ...(options.progress === false ? [] : [terminalProgress()]),
      jsonlMetrics(join(out, 'metrics.jsonl')),
      lossCurveFile(join(out, 'loss-curve.svg')),
      {
        onEval: (e) =>
          log(
            `step ${e.step}: validation loss ${e.loss.toFixed(3)}, perplexity ${Math.exp(e.loss).toFixed(1)} (unigram ${Math.exp(unigram).toFixed(1)})`,
          ),
      },
    ],
  });
  const last = result.evals[result.evals.length - 1]!;
  const validationPerplexity = perplexity.compute([last.loss], [1]);

  // 6. deploy: a sample, and the checkpoint `llm generate` loads
  model.eval();
  const prompt = tokenizer.encode(options.samplePrompt ?? 'Call me Ishmael.', {
    addSpecialTokens: false,
  }).ids;
  const [ids] = noGrad(() =>
    generate(
      model as unknown as GenerativeModel,
      tensor(Int32Array.from(prompt), [1, prompt.length]),
      {
        maxNewTokens: Math.min(60, blockSize - prompt.length),
        strategy: 'sample',
        temperature: 0.8,
        topK: 40,
        seed,
      },
    ),
  );
  const sample = tokenizer.decode([...prompt, ...ids!], { skipSpecialTokens: true });
  await savePretrained(model, out);
  log(
    `saved: ${join(out, 'config.json')}, model.safetensors, tokenizer.json, metrics.jsonl, loss-curve.svg`,
  );
  return {
    tokens,
    parameters: model.numParameters(),
    validationLoss: last.loss,
    validationPerplexity,
    unigramLoss: unigram,
    unigramPerplexity: Math.exp(unigram),
    sample,
    evals: result.evals,
  };
}
