/**
 * `llm train --model DIR --input FILE --steps N` — trains a Hugging Face model directory
 * on one labelled batch (the fixtures' inputs.json format) with the model's own loss,
 * printing one JSON line per step — the loss before that step — then the final loss.
 *
 *   $ llm train --model runs/gpt --input batch.json --steps 3 --optimizer adamw --lr 1e-3 --weight-decay 0.01
 *   {"step":1,"loss":4.92690}
 *   {"step":2,"loss":4.70919}
 *   {"step":3,"loss":4.49709}
 *   {"finalLoss":4.29343}
 *
 * With --out DIR the trained model is saved there (config.json + model.safetensors), with
 * metrics.jsonl and loss-curve.svg; --checkpoint-every N also checkpoints into
 * DIR/checkpoints and resumes from the newest one when run again.
 */

import {
  fromPretrained,
  type ModelInputs,
  type PretrainedModel,
  readInputsFile,
  savePretrained,
} from '@llm/models';
import type { Objective } from '@llm/objectives';
import { noGrad } from '@llm/tensor-core';
import { setNumThreads } from '@llm/tensor-core/node';
import {
  DataLoader,
  getOptimizer,
  getSchedule,
  optimizers,
  train as runTraining,
  schedules,
  type TrainCallbacks,
} from '@llm/trainer';
import {
  checkpointDirectory,
  jsonlMetrics,
  lossCurveFile,
  terminalProgress,
} from '@llm/trainer/node';
import { defineCommand } from '../command.js';
import { CliError, UsageError } from '../errors.js';

export const train = defineCommand({
  name: 'train',
  summary: 'Train a model on a batch file; print the loss of each step as JSON lines.',
  description:
    'DIR holds config.json and model.safetensors (GPT-2, BERT or T5, HF names). FILE is JSON\n' +
    'with input_ids, labels and optionally attention_mask, token_type_ids, decoder_input_ids\n' +
    "(the fixtures' inputs.json). Each step runs the model's own loss on that batch.\n" +
    'Prints {"step":k,"loss":x} per step (x: the loss before step k), then {"finalLoss":x}\n' +
    '(the loss after the last step, in eval mode).\n\n' +
    `Optimizers: ${Object.keys(optimizers).join(', ')}. Schedules: ${Object.keys(schedules).join(', ')}.`,
  options: {
    model: { type: 'string', valueName: 'DIR', description: 'model directory', required: true },
    input: {
      type: 'string',
      valueName: 'FILE',
      description: 'labelled batch file (inputs.json format)',
      required: true,
    },
    steps: {
      type: 'integer',
      min: 1,
      valueName: 'N',
      description: 'optimizer steps',
      required: true,
    },
    optimizer: {
      type: 'string',
      valueName: 'NAME',
      description: 'optimizer (all parameters in one group)',
      default: 'adamw',
    },
    lr: {
      type: 'number',
      exclusiveMin: 0,
      valueName: 'X',
      description: 'learning rate',
      default: 1e-3,
    },
    'weight-decay': {
      type: 'number',
      min: 0,
      valueName: 'X',
      description: 'weight decay (decoupled for adamw)',
      default: 0.01,
    },
    schedule: {
      type: 'string',
      valueName: 'NAME',
      description: 'learning-rate schedule over --steps',
      default: 'constant',
    },
    'warmup-steps': {
      type: 'integer',
      min: 0,
      valueName: 'N',
      description: 'linear warmup steps of the schedule',
      default: 0,
    },
    clip: {
      type: 'number',
      exclusiveMin: 0,
      valueName: 'X',
      description: 'clip the global gradient norm to X',
    },
    seed: { type: 'integer', min: 0, valueName: 'N', description: 'seed (dropout)', default: 0 },
    threads: {
      type: 'integer',
      min: 1,
      valueName: 'N',
      description: 'matmul threads (default 1)',
    },
    out: {
      type: 'string',
      valueName: 'DIR',
      description: 'save the trained model, metrics.jsonl and loss-curve.svg here',
    },
    'checkpoint-every': {
      type: 'integer',
      min: 1,
      valueName: 'N',
      description: 'checkpoint into OUT/checkpoints every N steps (resumes from the newest)',
    },
    progress: { type: 'boolean', description: 'show a progress bar on stderr' },
  },
  async run({ options, io }) {
    const { steps, lr, seed, clip } = options;
    const weightDecay = options['weight-decay'];
    const warmupSteps = options['warmup-steps'];
    const every = options['checkpoint-every'];
    if (every !== undefined && options.out === undefined)
      throw new UsageError('--checkpoint-every needs --out DIR');
    const optimizerDef = getOptimizer(options.optimizer);
    const scheduleDef = getSchedule(options.schedule);
    if (options.threads !== undefined) setNumThreads(options.threads);

    let model: PretrainedModel;
    let inputs: ModelInputs;
    try {
      model = await fromPretrained(options.model);
      inputs = await readInputsFile(options.input);
    } catch (error) {
      throw new CliError((error as Error).message);
    }
    if (!inputs.labels)
      throw new CliError(
        `${options.input}: missing field 'labels' (training needs a labelled batch)`,
      );

    // No objective by name here: the batch is already labelled, the model computes its loss.
    const objective: Objective<PretrainedModel, ModelInputs, ModelInputs> = {
      name: 'model-loss',
      makeBatch: (examples) => examples[0]!,
      loss: (m, batch) => {
        const { loss } = m.forward(batch);
        if (!loss)
          throw new CliError(`${options.input}: the model returned no loss for this batch`);
        return loss;
      },
    };
    let optimizer: ReturnType<typeof optimizerDef.create>;
    let schedule: ReturnType<typeof scheduleDef>;
    try {
      optimizer = optimizerDef.create(model.parameters(), { lr, weightDecay });
      schedule = scheduleDef({ warmupSteps, totalSteps: Math.max(1, steps) });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }

    const out = options.out;
    const callbacks: TrainCallbacks[] = [
      { onStep: ({ step, loss }) => io.out(`${JSON.stringify({ step, loss })}\n`) },
    ];
    if (options.progress) callbacks.push(terminalProgress());
    if (out !== undefined) {
      callbacks.push(jsonlMetrics(`${out}/metrics.jsonl`), lossCurveFile(`${out}/loss-curve.svg`));
    }
    try {
      await runTraining({
        model,
        objective,
        optimizer,
        schedule,
        data: new DataLoader([inputs], { batchSize: 1, shuffle: false }),
        steps,
        seed,
        onNonFinite: 'stop',
        ...(clip !== undefined ? { clip } : {}),
        ...(out !== undefined && every !== undefined
          ? {
              checkpoint: {
                store: checkpointDirectory(`${out}/checkpoints`, {
                  files: { 'config.json': `${JSON.stringify(model.toHfConfig(), null, 2)}\n` },
                }),
                every,
              },
            }
          : {}),
        callbacks,
      });
      model.eval();
      const finalLoss = noGrad(() => objective.loss(model, inputs).item());
      if (out !== undefined) await savePretrained(model, out);
      io.out(`${JSON.stringify({ finalLoss })}\n`);
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError((error as Error).message);
    }
    return 0;
  },
});
