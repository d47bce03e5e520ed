/**
 * `llm finetune` — fine-tunes a Hugging Face model directory on a text file with one of
 * @llm/finetune-strategies' strategies, and writes the result where HF can load it.
 *
 *   $ llm finetune --model runs/train-bert/pretrained --data reviews.tsv --task classification \
 *       --strategy full --steps 200 --lr 5e-5 --out runs/reviews
 *   trainable params: 4,386,306 || all params: 4,386,306 || trainable%: 100.0000   (stderr)
 *   {"step":1,"loss":0.70113}
 *   …
 *   {"steps":200,"out":"runs/reviews"}
 *
 * Data by task: causal-lm and masked-lm read .txt (one example a line) or .jsonl {"text"};
 * classification reads .tsv (text<TAB>label) or .jsonl {"text","label"}; seq2seq reads
 * .jsonl {"input","target"}. The directory's tokenizer.json encodes it; inputs are cut to
 * the model's positions.
 *
 * Classification on a checkpoint without a classification head (a BERT pre-trained with
 * masked LM) builds one: the encoder's weights load, the head starts fresh with
 * id2label = the data's labels in sorted order. A strategy that writes an adapter
 * (LoRA, prompt tuning) saves PEFT's files; the others save a complete model directory.
 * Either way tokenizer.json is copied beside it.
 */
import {
  getStrategy,
  hasPeftAdapter,
  type StrategyOptions,
  saveAdapter,
  strategies,
  trainableReport,
} from '@llm/finetune-strategies/node';
import { type ModelInputs, type PretrainedModel, savePretrained } from '@llm/models';
import { causalLm, maskedLm, type Objective, padRows, seq2seq } from '@llm/objectives';
import { tensor } from '@llm/tensor-core';
import type { Tokenizer } from '@llm/tokenizer';
import { DataLoader, getOptimizer, type TrainCallbacks, train } from '@llm/trainer';
import { terminalProgress } from '@llm/trainer/node';
import { defineCommand } from '../command.js';
import { type LabelledText, readLabelled, readPairs, readTexts } from '../data-files.js';
import { CliError, UsageError } from '../errors.js';
import {
  contextLength,
  copyTokenizer,
  encodeAll,
  isClassifierDir,
  loadClassifier,
  loadModel,
  requireTokenizer,
} from '../model-dir.js';

const TASKS = ['causal-lm', 'masked-lm', 'classification', 'seq2seq'] as const;
type Task = (typeof TASKS)[number];

export const finetune = defineCommand({
  name: 'finetune',
  summary: 'Fine-tune a model directory on a text file with a strategy (full, LoRA, …).',
  description:
    'DIR holds config.json, model.safetensors and tokenizer.json. FILE by --task:\n' +
    '  causal-lm, masked-lm   .txt (one example a line) or .jsonl {"text"}\n' +
    '  classification         .tsv (text<TAB>label) or .jsonl {"text","label"}\n' +
    '  seq2seq                .jsonl {"input","target"}\n' +
    'Prints the trainable-parameter report (stderr), {"step":k,"loss":x} per step (the loss\n' +
    'before step k), then {"steps":n,"out":DIR}. Adapter strategies write PEFT files\n' +
    '(adapter_config.json, adapter_model.safetensors), the others a model directory; both\n' +
    `get a copy of tokenizer.json.\n\nStrategies: ${strategies.names().join(', ')}.`,
  options: {
    model: { type: 'string', valueName: 'DIR', description: 'model directory', required: true },
    data: { type: 'string', valueName: 'FILE', description: 'training data', required: true },
    task: { type: 'string', valueName: 'TASK', description: TASKS.join(' | '), required: true },
    strategy: {
      type: 'string',
      valueName: 'NAME',
      description: 'fine-tuning strategy (see below)',
      required: true,
    },
    out: {
      type: 'string',
      valueName: 'DIR',
      description: 'where to write the result',
      required: true,
    },
    r: { type: 'integer', min: 1, valueName: 'N', description: 'LoRA rank' },
    'lora-alpha': { type: 'number', exclusiveMin: 0, valueName: 'X', description: 'LoRA alpha' },
    'lora-dropout': {
      type: 'number',
      min: 0,
      exclusiveMax: 1,
      valueName: 'P',
      description: 'dropout on the LoRA input',
    },
    'target-modules': {
      type: 'string',
      valueName: 'A,B',
      description: 'modules LoRA wraps (names or dotted path suffixes)',
    },
    'modules-to-save': {
      type: 'string',
      valueName: 'A,B',
      description: 'modules that train whole beside an adapter (default: the task head)',
    },
    'freeze-layers': {
      type: 'integer',
      min: 0,
      valueName: 'N',
      description: 'freeze: the embeddings and the bottom N blocks',
    },
    'num-virtual-tokens': {
      type: 'integer',
      min: 1,
      valueName: 'N',
      description: 'prompt tuning: virtual tokens prepended',
    },
    steps: {
      type: 'integer',
      min: 1,
      valueName: 'N',
      description: 'optimizer steps (default: one pass over the data)',
    },
    lr: {
      type: 'number',
      exclusiveMin: 0,
      valueName: 'X',
      description: 'learning rate',
      default: 5e-5,
    },
    'weight-decay': {
      type: 'number',
      min: 0,
      valueName: 'X',
      description: 'AdamW weight decay',
      default: 0,
    },
    'batch-size': {
      type: 'integer',
      min: 1,
      valueName: 'N',
      description: 'examples per step',
      default: 8,
    },
    seed: {
      type: 'integer',
      min: 0,
      valueName: 'N',
      description: 'seed (shuffling, masking, new weights, dropout)',
      default: 0,
    },
  },
  async run({ options, io }) {
    const task = options.task as Task;
    if (!TASKS.includes(task))
      throw new UsageError(`--task must be one of ${TASKS.join(', ')}, got '${options.task}'`);
    const strategy = getStrategy(options.strategy);
    const { seed, out } = options;

    const tokenizer = await requireTokenizer(options.model, 'to read the training data');
    const { model, examples, objective } = await prepare(
      task,
      options.model,
      options.data,
      tokenizer,
      seed,
      io,
    );
    const strategyOptions: StrategyOptions = {
      r: options.r,
      loraAlpha: options['lora-alpha'],
      loraDropout: options['lora-dropout'],
      targetModules: list(options['target-modules']),
      // PEFT keeps a sequence classifier's new head trainable beside an adapter
      modulesToSave: list(options['modules-to-save']),
      freezeLayers: options['freeze-layers'],
      numVirtualTokens: options['num-virtual-tokens'],
      seed,
    };
    let trainable: ReturnType<typeof strategy.apply>;
    try {
      trainable = strategy.apply(model, strategyOptions);
    } catch (error) {
      throw new CliError(`--strategy ${strategy.name}: ${(error as Error).message}`);
    }
    if (trainable.length === 0)
      throw new CliError(`--strategy ${strategy.name} left nothing to train`);
    io.err(`${trainableReport(model)}\n`);

    const callbacks: TrainCallbacks[] = [
      { onStep: ({ step, loss }) => io.out(`${JSON.stringify({ step, loss })}\n`) },
    ];
    if (process.stderr.isTTY) callbacks.push(terminalProgress());
    let steps: number;
    try {
      const result = await train({
        model,
        objective,
        optimizer: getOptimizer('adamw').create(trainable, {
          lr: options.lr,
          weightDecay: options['weight-decay'],
        }),
        data: new DataLoader(examples, { batchSize: options['batch-size'], seed }),
        ...(options.steps !== undefined ? { steps: options.steps } : { epochs: 1 }),
        seed,
        callbacks,
      });
      steps = result.steps;
      model.eval();
      // a strategy that wrapped layers in adapters saves only those (PEFT's files)
      if (hasPeftAdapter(model))
        await saveAdapter(model, out, { taskType: task, baseModelNameOrPath: options.model });
      else await savePretrained(model, out);
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError((error as Error).message);
    }
    await copyTokenizer(options.model, out);
    io.out(`${JSON.stringify({ steps, out })}\n`);
    return 0;
  },
});

// Any example type: each task pairs its own examples with its own objective.
interface Prepared<E> {
  readonly model: PretrainedModel;
  readonly examples: E[];
  readonly objective: Objective<PretrainedModel, object, E>;
}

/** The model, its examples and the objective that turns them into batches, for one task. */
async function prepare(
  task: Task,
  dir: string,
  data: string,
  tokenizer: Tokenizer,
  seed: number,
  io: { err(text: string): void },
): Promise<Prepared<unknown>> {
  if (task === 'classification') {
    const labelled = await readLabelled(data);
    const { model, labelIds } = await classifierFor(dir, data, labelled, seed, io);
    const hf = model.toHfConfig();
    const encoded = encodeAll(
      tokenizer,
      labelled.map((l) => l.text),
      contextLength(hf),
    );
    const examples = encoded.map((e, i) => ({ ...e, label: labelIds[i]! }));
    return {
      model,
      examples,
      objective: classification(padId(hf)) as Prepared<unknown>['objective'],
    };
  }
  const model = await loadModel(dir);
  const hf = model.toHfConfig();
  const max = contextLength(hf);
  if (task === 'seq2seq') {
    const pairs = await readPairs(data);
    const inputs = encodeAll(
      tokenizer,
      pairs.map((p) => p.input),
      max,
    );
    const targets = encodeAll(
      tokenizer,
      pairs.map((p) => p.target),
      max,
    );
    const start =
      typeof hf.decoder_start_token_id === 'number' ? hf.decoder_start_token_id : padId(hf);
    return {
      model,
      examples: inputs.map((e, i) => ({ input: e.ids, target: targets[i]!.ids })),
      objective: seq2seq({
        padTokenId: padId(hf),
        decoderStartTokenId: start,
      }) as Prepared<unknown>['objective'],
    };
  }
  const examples = encodeAll(tokenizer, await readTexts(data), max).map((e) => e.ids);
  if (task === 'causal-lm')
    return {
      model,
      examples,
      objective: causalLm({ padTokenId: padId(hf) }) as Prepared<unknown>['objective'],
    };
  const mask = ['[MASK]', '<mask>']
    .map((t) => tokenizer.tokenToId(t))
    .find((id) => id !== undefined);
  if (mask === undefined)
    throw new CliError(`${dir}/tokenizer.json: no [MASK] token (masked-lm needs one)`);
  const objective = maskedLm({
    vocabSize: typeof hf.vocab_size === 'number' ? hf.vocab_size : tokenizer.getVocabSize(),
    maskTokenId: mask,
    specialTokenIds: tokenizer.addedTokens.filter(([, t]) => t.special).map(([id]) => id),
    padTokenId: padId(hf),
  });
  return { model, examples, objective: objective as Prepared<unknown>['objective'] };
}

/** Sequence classification: the model's own loss on [B] class ids. */
function classification(
  pad: number,
): Objective<
  PretrainedModel,
  ModelInputs,
  { ids: Int32Array; typeIds: Int32Array; label: number }
> {
  return {
    name: 'classification',
    makeBatch(examples) {
      const { ids, mask } = padRows(
        examples.map((e) => e.ids),
        pad,
      ); // [B, T]
      const tokenTypeIds = padRows(
        examples.map((e) => e.typeIds),
        0,
      ).ids; // [B, T]
      const labels = tensor(Int32Array.from(examples.map((e) => e.label)), [examples.length]); // [B]
      return { inputIds: ids, attentionMask: mask, tokenTypeIds, labels };
    },
    loss(model, batch) {
      const { loss } = model.forward(batch);
      if (!loss) throw new CliError('the model returned no loss for a labelled batch');
      return loss;
    },
    countTargets: (batch) => batch.labels!.shape[0]!,
  };
}

/**
 * A sequence classifier and each example's class id. A directory that already is one
 * keeps its labels (the data names them, or gives their ids); any other of a model type
 * that has a classification head here gets a fresh head over the data's labels.
 */
async function classifierFor(
  dir: string,
  data: string,
  labelled: readonly LabelledText[],
  seed: number,
  io: { err(text: string): void },
): Promise<{ model: PretrainedModel; labelIds: number[] }> {
  if (await isClassifierDir(dir)) {
    const model = await loadModel(dir);
    const id2label = model.toHfConfig().id2label as Record<string, string>;
    const ids = new Map(Object.entries(id2label).map(([id, name]) => [name, Number(id)]));
    const count = ids.size;
    const labelIds = labelled.map(({ label, line }) => {
      const id =
        ids.get(label) ??
        (/^\d+$/.test(label) && Number(label) < count ? Number(label) : undefined);
      if (id === undefined)
        throw new CliError(
          `${data}:${line}: label '${label}' is not one of the model's (${[...ids.keys()].join(', ')})`,
        );
      return id;
    });
    return { model, labelIds };
  }
  const names = [...new Set(labelled.map((l) => l.label))].sort(labelOrder);
  if (names.length < 2)
    throw new CliError(`${data}: classification needs at least 2 labels, found ${names.length}`);
  const { model, missing } = await loadClassifier(
    dir,
    Object.fromEntries(names.map((name, i) => [String(i), name])),
    seed,
  );
  if (missing.length > 0) io.err(`newly initialised: ${missing.join(', ')}\n`);
  const ids = new Map(names.map((name, i) => [name, i]));
  return { model, labelIds: labelled.map((l) => ids.get(l.label)!) };
}

/** Numbers in numeric order ('2' before '10'), then text in code-point order. */
function labelOrder(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  const na = a.trim() !== '' && Number.isFinite(x);
  const nb = b.trim() !== '' && Number.isFinite(y);
  if (na && nb) return x - y;
  if (na !== nb) return na ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function padId(hf: Record<string, unknown>): number {
  return typeof hf.pad_token_id === 'number' ? hf.pad_token_id : 0;
}

function list(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return items.length > 0 ? items : undefined;
}
