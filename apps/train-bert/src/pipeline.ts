/**
 * The train-bert pipeline, step by step — the seed's steps for a BERT:
 *
 *   1. preprocess  train a WordPiece tokenizer (BERT's specials, lower-cased, BERT pre-tokenizer)
 *   2. pre-train   a BERT-mini with masked LM (15 %, 80/10/10); held-out MLM loss and
 *                  masked-token accuracy; saved as an HF BertForMaskedLM directory
 *   3. fine-tune   the pretrained encoder under a sequence-classification head, once for
 *                  every strategy @llm/finetune-strategies registers
 *   4. evaluate    accuracy, macro-F1 and MCC on the test split, beside two baselines
 *                  computed on the same split (majority class, the AFINN lexicon)
 *   5. deploy      the best classifier as an HF BertForSequenceClassification directory
 *
 *   const result = await runPipeline({ corpus, sentences: sentimentSplit(), out: 'runs/train-bert' });
 *   // or fine-tune a checkpoint you have instead of pre-training one:
 *   await runPipeline({ corpus: [], sentences, out, model: 'bert-base-uncased' });
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { accuracy, confusionMatrix, f1, mcc } from '@llm/eval-metrics';
import {
  type FinetuneStrategy,
  mergeAndUnload,
  type StrategyOptions,
  saveAdapter,
  strategies,
} from '@llm/finetune-strategies/node';
import type { Module } from '@llm/layers';
import {
  BertForMaskedLM,
  loadCheckpoint,
  modelFromHfConfig,
  type PretrainedModel,
  savePretrained,
} from '@llm/models';
import { IGNORE_INDEX, maskedLm } from '@llm/objectives';
import { noGrad, Rng, readSafetensors, type Tensor } from '@llm/tensor-core';
import { setNumThreads } from '@llm/tensor-core/node';
import {
  BertNormalizer,
  BertPreTokenizer,
  BertProcessing,
  loadTokenizer,
  Tokenizer,
  WordPiece,
  WordPieceDecoder,
  WordPieceTrainer,
} from '@llm/tokenizer/node';
import {
  AdamW,
  cosineSchedule,
  DataLoader,
  linearSchedule,
  packDocuments,
  paramGroups,
  train,
  trainValSplit,
} from '@llm/trainer';
import { jsonlMetrics, terminalProgress } from '@llm/trainer/node';
import Sentiment from 'sentiment';
import {
  type ClassificationExample,
  type Classifier,
  predict,
  sequenceClassification,
} from './sequence-classification.js';

export const SIZES = {
  // ~0.6 M parameters with a 1,500-token vocabulary: the default, a few minutes on 2 cores
  mini: { numLayers: 2, numHeads: 4, embedDim: 128, contextLength: 64 },
  // for --quick and the test: seconds
  micro: { numLayers: 1, numHeads: 2, embedDim: 32, contextLength: 64 },
} as const;

export type BertSize = {
  readonly numLayers: number;
  readonly numHeads: number;
  readonly embedDim: number;
  readonly contextLength: number;
};

/** BERT's specials, in bert-base-uncased's order of importance; [PAD] is id 0. */
export const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

export const ID2LABEL = { 0: 'negative', 1: 'positive' } as const;

export interface Sentence {
  readonly text: string;
  readonly label: number;
}

export interface PipelineOptions {
  /** Pre-training documents (Moby Dick's chapters by default); unused with `model`. */
  readonly corpus: readonly string[];
  /** The labelled split (sentimentSplit()); test is only ever predicted, never trained on. */
  readonly sentences: { readonly train: readonly Sentence[]; readonly test: readonly Sentence[] };
  readonly out: string;
  /** Fine-tune this HF BERT directory (config.json, model.safetensors, tokenizer.json or vocab.txt) instead of pre-training. */
  readonly model?: string;
  readonly size?: keyof typeof SIZES | BertSize;
  readonly vocabSize?: number;
  /** Masked-LM steps (default 200). */
  readonly pretrainSteps?: number;
  /** Fine-tuning steps per strategy (default 150, a little over an epoch). */
  readonly finetuneSteps?: number;
  /** Training sentences used (default all); --quick takes a few. */
  readonly finetuneExamples?: number;
  /** Pre-training rows per step (default 32). */
  readonly batchSize?: number;
  /** Sentences per fine-tuning step (default 16). */
  readonly finetuneBatchSize?: number;
  /** Peak fine-tuning learning rate when over a fifth of the parameters train (full, freeze; default 5e-4); fewer get `peftLr` (default 2e-3). */
  readonly lr?: number;
  readonly peftLr?: number;
  readonly seed?: number;
  readonly threads?: number;
  /** Knobs handed to every strategy's apply (each reads the ones it knows). */
  readonly strategyOptions?: StrategyOptions;
  /** Where progress goes (stderr by default); tests pass a sink. */
  readonly log?: (line: string) => void;
  readonly progress?: boolean;
}

export interface Scores {
  readonly accuracy: number;
  readonly macroF1: number;
  readonly mcc: number;
}

export interface StrategyRun extends Scores {
  readonly strategy: string;
  readonly trainableParams: number;
  readonly allParams: number;
  readonly seconds: number;
  readonly steps: number;
  /** Accuracy on the held-out part of train: what picks the best run (never the test split). */
  readonly validationAccuracy: number;
}

export interface PipelineResult {
  readonly pretraining: {
    readonly parameters: number;
    readonly steps: number;
    readonly heldOutLoss: number;
    readonly maskedAccuracy: number;
  } | null;
  readonly runs: readonly StrategyRun[];
  readonly best: string;
  /** Of the saved classifier on the test split: rows true, columns predicted, labels [0, 1]. */
  readonly confusion: ReturnType<typeof confusionMatrix.compute>;
  readonly baselines: { readonly majority: Scores; readonly lexicon: Scores };
  /** The directories written. */
  readonly saved: {
    readonly pretrained?: string;
    readonly classifier: string;
    readonly lora?: string;
  };
}

/** Defaults of the options above, in one place (PipelineOptions documents each). */
const DEFAULTS = {
  vocabSize: 1500,
  pretrainSteps: 200,
  finetuneSteps: 150,
  batchSize: 32,
  finetuneBatchSize: 16,
  lr: 5e-4,
  peftLr: 2e-3,
  seed: 0,
  threads: 2,
};

export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const o: Resolved = { ...DEFAULTS, ...(stripUndefined(options) as PipelineOptions) };
  setNumThreads(o.threads);
  await mkdir(o.out, { recursive: true });
  const trainSentences = options.sentences.train.slice(0, o.finetuneExamples);

  // 1–2. the encoder: a checkpoint the user has, or one pre-trained here
  let baseDir: string;
  let pretraining: PipelineResult['pretraining'] = null;
  if (options.model !== undefined) {
    baseDir = options.model;
    log(`model: fine-tuning ${baseDir} (no pre-training)`);
  } else {
    baseDir = join(o.out, 'pretrained');
    // in-domain text helps a model this small; the test sentences never enter pre-training
    const inDomain = trainSentences.map((s) => s.text).join('\n');
    const tokenizer = trainTokenizer([...options.corpus, inDomain], o.vocabSize, log);
    pretraining = await pretrain(tokenizer, options.corpus, inDomain, baseDir, o, log);
  }
  const base = await loadBase(baseDir);

  // 3–4. fine-tune with every registered strategy, on the same examples
  const encode = (s: Sentence): ClassificationExample => ({
    ids: encodeSentence(base.tokenizer, s.text, base.contextLength),
    label: s.label,
  });
  const split = trainValSplit(trainSentences.map(encode), {
    validationFraction: 0.1,
    seed: o.seed,
  });
  const test = options.sentences.test.map(encode);
  log(
    `data: ${split.train.length} train / ${split.validation.length} early-stopping / ${test.length} test sentences`,
  );
  const runs: FinishedRun[] = [];
  const testPredictions = new Map<string, number[]>();
  for (const strategy of strategies.values()) {
    const r = await finetune(strategy, base, split, test, o, log);
    runs.push(r);
    testPredictions.set(strategy.name, r.predictions);
  }
  const references = test.map((e) => e.label);
  const baselines = {
    majority: scores(new Array(test.length).fill(majorityLabel(split.train)), references),
    lexicon: scores(lexiconPredictions(options.sentences.test), references),
  };

  // 5. deploy the run that did best on held-out training data
  // (a tie goes to the run that trained fewer parameters: the cheaper model to keep)
  const ranked = [...runs].sort(
    (a, b) =>
      b.run.validationAccuracy - a.run.validationAccuracy ||
      a.run.trainableParams - b.run.trainableParams,
  );
  const { best, saved } = await saveBest(ranked, base, o.out, log);
  const confusion = confusionMatrix.compute(testPredictions.get(best)!, references, {
    labels: [0, 1],
  });
  const result: PipelineResult = {
    pretraining,
    runs: runs.map((r) => r.run),
    best,
    confusion,
    baselines,
    saved: { ...(pretraining ? { pretrained: baseDir } : {}), ...saved },
  };
  await writeFile(join(o.out, 'results.json'), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

type Resolved = typeof DEFAULTS & Omit<PipelineOptions, keyof typeof DEFAULTS>;

/** 1. WordPiece as bert-base-uncased has it: BERT normalizer (lower-case), pre-tokenizer, [CLS] … [SEP]. */
export function trainTokenizer(
  documents: readonly string[],
  vocabSize: number,
  log: (line: string) => void = () => {},
): Tokenizer {
  const t = performance.now();
  const id = (token: (typeof SPECIAL_TOKENS)[number]) => SPECIAL_TOKENS.indexOf(token);
  const tokenizer = new Tokenizer(new WordPiece(new Map()), {
    normalizer: new BertNormalizer({ lowercase: true }),
    preTokenizer: new BertPreTokenizer(),
    postProcessor: new BertProcessing(['[SEP]', id('[SEP]')], ['[CLS]', id('[CLS]')]),
    decoder: new WordPieceDecoder(),
  });
  const trainer = new WordPieceTrainer({ vocabSize, specialTokens: [...SPECIAL_TOKENS] });
  tokenizer.train(
    trainer,
    documents.flatMap((d) => d.split(/(?<=\n)/)),
  );
  log(
    `tokenizer: trained a ${tokenizer.getVocabSize()}-token WordPiece in ${seconds(t).toFixed(1)} s`,
  );
  return tokenizer;
}

/** [CLS] text [SEP], cut to `maxLength` with the final [SEP] kept. */
export function encodeSentence(tokenizer: Tokenizer, text: string, maxLength: number): Int32Array {
  const ids = tokenizer.encode(text, { addSpecialTokens: true }).ids;
  if (ids.length <= maxLength) return Int32Array.from(ids);
  return Int32Array.from([...ids.slice(0, maxLength - 1), ids[ids.length - 1]!]);
}

/** 2. Masked-LM pre-training on the corpus (5 % of its documents held out) plus `inDomain` text; saves BertForMaskedLM + tokenizer.json at `dir`. */
async function pretrain(
  tokenizer: Tokenizer,
  corpus: readonly string[],
  inDomain: string,
  dir: string,
  o: Resolved,
  log: (line: string) => void,
): Promise<NonNullable<PipelineResult['pretraining']>> {
  const size = typeof o.size === 'object' ? o.size : SIZES[o.size ?? 'mini'];
  const special = (t: string) => tokenizer.tokenToId(t)!;
  const [cls, sep, mask] = [special('[CLS]'), special('[SEP]'), special('[MASK]')];
  // whole documents held out; the rest packed into [CLS] block [SEP] rows of contextLength
  const ids = (d: string) => tokenizer.encode(d, { addSpecialTokens: false }).ids;
  const split = trainValSplit(corpus.map(ids), { validationFraction: 0.05, seed: o.seed });
  const rows = (docs: readonly number[][]) =>
    packDocuments(docs, { blockSize: size.contextLength - 2, eosId: sep }).map((b) =>
      Int32Array.from([cls, ...b, sep]),
    );
  const trainRows = rows([...split.train, ids(inDomain)]);
  let heldOut = rows(split.validation).slice(0, 128);
  if (heldOut.length === 0) heldOut = trainRows.slice(-o.batchSize); // a corpus too small to hold out from
  const evalBatches = chunk(heldOut, o.batchSize);
  log(
    `data: ${trainRows.length} pre-training rows of ${size.contextLength} tokens, ${heldOut.length} held out`,
  );

  const rng = new Rng(o.seed);
  const model = new BertForMaskedLM(
    { vocabSize: tokenizer.getVocabSize(), ...size, padTokenId: special('[PAD]') },
    { rng },
  );
  log(
    `model: BERT ${size.numLayers} layers × ${size.embedDim} wide, ${size.numHeads} heads, context ${size.contextLength} — ${model.numParameters().toLocaleString('en')} parameters`,
  );
  const objective = maskedLm({
    vocabSize: tokenizer.getVocabSize(),
    maskTokenId: mask,
    specialTokenIds: SPECIAL_TOKENS.map(special),
    padTokenId: special('[PAD]'),
  });
  const steps = o.pretrainSteps;
  await mkdir(dir, { recursive: true });
  await train({
    model,
    objective,
    optimizer: new AdamW(paramGroups(model, { weightDecay: 0.01 }), { lr: 1e-3, eps: 1e-6 }),
    schedule: cosineSchedule({
      warmupSteps: Math.min(50, Math.floor(steps / 10)),
      totalSteps: steps,
      minLrRatio: 0.1,
    }),
    data: new DataLoader(trainRows, { batchSize: o.batchSize, seed: o.seed }),
    steps,
    clip: 1.0,
    seed: o.seed,
    generators: [rng],
    evaluate: { every: Math.max(1, Math.floor(steps / 4)), batches: evalBatches },
    callbacks: [
      ...(o.progress === false ? [] : [terminalProgress()]),
      jsonlMetrics(join(dir, 'metrics.jsonl')),
      { onEval: (e) => log(`step ${e.step}: held-out MLM loss ${e.loss.toFixed(3)}`) },
    ],
  });
  const { loss, accuracy: maskedAccuracy } = maskedLmScores(model, objective, evalBatches, o.seed);
  log(
    `pre-trained: held-out MLM loss ${loss.toFixed(3)}, masked-token accuracy ${(100 * maskedAccuracy).toFixed(1)} % (${steps} steps)`,
  );
  await savePretrained(model, dir);
  await tokenizer.save(join(dir, 'tokenizer.json'));
  log(`saved: ${join(dir, 'config.json')}, model.safetensors, tokenizer.json`);
  return { parameters: model.numParameters(), steps, heldOutLoss: loss, maskedAccuracy };
}

/** Mean CE over the masked positions and the share of them predicted exactly, with a fixed masking. */
export function maskedLmScores(
  model: BertForMaskedLM,
  objective: ReturnType<typeof maskedLm>,
  batches: readonly (readonly Int32Array[])[],
  seed: number,
): { loss: number; accuracy: number } {
  const rng = new Rng(seed + 0x5eed); // the same masking as the trainer's evaluations
  let nll = 0;
  let correct = 0;
  let targets = 0;
  model.eval();
  noGrad(() => {
    for (const examples of batches) {
      const batch = objective.makeBatch(examples, rng);
      const { logits, loss } = model.forward(batch); // logits [B, T, V]
      const predicted = logits.argmax(-1).data; // [B, T]
      const labels = batch.labels.data;
      let n = 0;
      for (let i = 0; i < labels.length; i++) {
        if (labels[i] === IGNORE_INDEX) continue;
        n++;
        if (predicted[i] === labels[i]) correct++;
      }
      nll += loss!.item() * n;
      targets += n;
    }
  });
  return { loss: nll / targets, accuracy: correct / targets };
}

interface Base {
  readonly dir: string;
  readonly hf: Record<string, unknown>;
  readonly tensors: Record<string, Tensor>;
  readonly tokenizer: Tokenizer;
  readonly contextLength: number;
}

/** A BERT directory's config, weights and tokenizer (tokenizer.json, or bert-base's vocab.txt). */
async function loadBase(dir: string): Promise<Base> {
  const read = async (name: string) => {
    try {
      return await readFile(join(dir, name));
    } catch {
      throw new Error(`${join(dir, name)}: no such file`);
    }
  };
  const hf = JSON.parse((await read('config.json')).toString('utf8')) as Record<string, unknown>;
  if (hf.model_type !== 'bert')
    throw new Error(
      `${join(dir, 'config.json')}: model_type '${String(hf.model_type)}' — fine-tuning here needs a BERT checkpoint`,
    );
  const tensors = readSafetensors(await read('model.safetensors')).tensors;
  const tokenizer = existsSync(join(dir, 'tokenizer.json'))
    ? await loadTokenizer(join(dir, 'tokenizer.json'))
    : vocabTxtTokenizer((await read('vocab.txt')).toString('utf8'));
  // most sentences fit in 32 tokens; a longer cap mostly pads batches out
  const contextLength = Math.min(Number(hf.max_position_embeddings ?? 512), 32);
  return { dir, hf, tensors, tokenizer: tokenizer as Tokenizer, contextLength };
}

/** bert-base-uncased's pipeline around a vocab.txt (what HF's BertTokenizerFast builds). */
function vocabTxtTokenizer(vocabTxt: string): Tokenizer {
  const model = WordPiece.fromVocabTxt(vocabTxt);
  const id = (t: string) => {
    const i = model.tokenToId(t);
    if (i === undefined) throw new Error(`vocab.txt: has no ${t}`);
    return i;
  };
  const tokenizer = new Tokenizer(model, {
    normalizer: new BertNormalizer({ lowercase: true }),
    preTokenizer: new BertPreTokenizer(),
    postProcessor: new BertProcessing(['[SEP]', id('[SEP]')], ['[CLS]', id('[CLS]')]),
    decoder: new WordPieceDecoder(),
  });
  tokenizer.addSpecialTokens(SPECIAL_TOKENS.filter((t) => model.tokenToId(t) !== undefined));
  return tokenizer;
}

/** A fresh BertForSequenceClassification with the base's encoder (the new pooler / head are reported, not an error). */
function classifierFrom(base: Base): PretrainedModel {
  const model = modelFromHfConfig({
    ...base.hf,
    architectures: ['BertForSequenceClassification'],
    id2label: { ...ID2LABEL },
    label2id: Object.fromEntries(Object.entries(ID2LABEL).map(([k, v]) => [v, Number(k)])),
    num_labels: 2,
  });
  const report = loadCheckpoint(model, base.tensors, { strict: false });
  // only the pooler and classifier may be new; anything else missing means a wrong checkpoint
  const unexpectedMissing = report.missing.filter((k) => !/^(bert\.pooler|classifier)\./.test(k));
  if (unexpectedMissing.length > 0)
    throw new Error(
      `${join(base.dir, 'model.safetensors')}: missing encoder weights (${unexpectedMissing.slice(0, 3).join(', ')}…)`,
    );
  return model;
}

/** 3. One strategy: a fresh classifier, apply, train with early stopping, score on test. */
async function finetune(
  strategy: FinetuneStrategy,
  base: Base,
  split: { train: ClassificationExample[]; validation: ClassificationExample[] },
  test: readonly ClassificationExample[],
  o: Resolved,
  log: (line: string) => void,
): Promise<{
  run: StrategyRun;
  model: PretrainedModel;
  strategy: FinetuneStrategy;
  predictions: number[];
}> {
  const t = performance.now();
  const model = classifierFrom(base);
  const trainable = strategy.apply(model, {
    r: 8,
    loraAlpha: 16,
    targetModules: ['query', 'value'],
    // the pooler is new when the base is a masked-LM checkpoint: it trains with the head
    modulesToSave: ['pooler', 'classifier'],
    freezeLayers: 1,
    seed: o.seed,
    ...o.strategyOptions,
  });
  const trainableParams = model.numParameters({ trainable: true });
  const allParams = model.numParameters();
  // few trainable parameters take a larger step (as LoRA and linear probes are usually run);
  // whole transformer layers (full, freeze) collapse to one class at that step
  const lr = trainableParams / allParams > 0.2 ? o.lr : o.peftLr;
  const padTokenId = Number(base.hf.pad_token_id ?? 0);
  const objective = sequenceClassification({ padTokenId });
  const steps = o.finetuneSteps;
  const validation = chunk(split.validation, 64);
  const result = await train({
    model: model as Module & Classifier,
    objective,
    optimizer: new AdamW(trainable, { lr, weightDecay: 0.01 }),
    schedule: linearSchedule({ warmupSteps: Math.floor(steps / 10), totalSteps: steps }),
    data: new DataLoader(split.train, { batchSize: o.finetuneBatchSize, seed: o.seed }),
    steps,
    clip: 1.0,
    seed: o.seed,
    evaluate: { every: Math.max(1, Math.floor(steps / 4)), batches: validation },
    earlyStopping: { patience: 3 },
    callbacks: o.progress === false ? [] : [terminalProgress()],
  });
  const rows = (xs: readonly ClassificationExample[]) => xs.map((e) => e.ids);
  const validationAccuracy = accuracy.compute(
    predict(model as Classifier, rows(split.validation), { padTokenId }).labels,
    split.validation.map((e) => e.label),
  );
  const predictions = predict(model as Classifier, rows(test), { padTokenId }).labels;
  const run: StrategyRun = {
    strategy: strategy.name,
    trainableParams,
    allParams,
    seconds: seconds(t),
    steps: result.steps,
    validationAccuracy,
    ...scores(
      predictions,
      test.map((e) => e.label),
    ),
  };
  log(
    `fine-tuned ${strategy.name}: ${trainableParams.toLocaleString('en')} trainable, ${run.steps} steps${result.stoppedEarly ? ' (stopped early)' : ''}, ${run.seconds.toFixed(0)} s — test accuracy ${run.accuracy.toFixed(3)}`,
  );
  return { run, model, strategy, predictions };
}

export function scores(predictions: readonly number[], references: readonly number[]): Scores {
  return {
    accuracy: accuracy.compute(predictions, references),
    macroF1: f1.compute(predictions, references, { average: 'macro' }) as number,
    mcc: mcc.compute(predictions, references),
  };
}

function majorityLabel(examples: readonly { label: number }[]): number {
  const positive = examples.filter((e) => e.label === 1).length;
  return positive * 2 > examples.length ? 1 : 0;
}

/** The AFINN-165 lexicon of npm `sentiment`: a summed word score above 0 is positive. */
export function lexiconPredictions(sentences: readonly { text: string }[]): number[] {
  const lexicon = new Sentiment();
  return sentences.map((s) => (lexicon.analyze(s.text).score > 0 ? 1 : 0));
}

type FinishedRun = { run: StrategyRun; model: PretrainedModel; strategy: FinetuneStrategy };

/**
 * 5. The best run as a loadable HF directory (merged first when it is LoRA, its adapter
 * saved beside it in PEFT's format), plus tokenizer.json. A run whose model still holds
 * modules an HF BertForSequenceClassification has no names for is passed over for the next.
 */
async function saveBest(
  ranked: readonly FinishedRun[],
  base: Base,
  out: string,
  log: (line: string) => void,
): Promise<{ best: string; saved: { classifier: string; lora?: string } }> {
  const saved: { classifier: string; lora?: string } = { classifier: join(out, 'classifier') };
  const hfKeys = Object.keys(classifierFrom(base).checkpointTensors()).sort().join();
  for (const { run, strategy, model: trained } of ranked) {
    let model = trained;
    if (strategy.name === 'lora') {
      saved.lora = join(out, 'lora');
      await saveAdapter(model, saved.lora, {
        taskType: 'classification',
        baseModelNameOrPath: base.dir,
      });
      await base.tokenizer.save(join(saved.lora, 'tokenizer.json'));
      model = mergeAndUnload(model);
    }
    // adapters and prompt tuning add modules with no merge: an HF directory cannot hold them
    if (Object.keys(model.checkpointTensors()).sort().join() !== hfKeys) {
      log(`deploy: ${strategy.name} adds modules an HF directory cannot hold; the next best`);
      continue;
    }
    await savePretrained(model, saved.classifier);
    await base.tokenizer.save(join(saved.classifier, 'tokenizer.json'));
    log(
      `saved: the ${run.strategy} classifier at ${saved.classifier}${saved.lora ? `, its adapter at ${saved.lora}` : ''}`,
    );
    return { best: run.strategy, saved };
  }
  throw new Error('deploy: no run left a model that saves as an HF directory');
}

function chunk<T>(xs: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
