/**
 * `llm classify` — runs a sequence-classification model directory (e.g. HF's
 * BertForSequenceClassification, with its tokenizer.json) on texts and prints one JSON
 * line per text: the most likely label, its probability, and every class's probability.
 *
 *   $ llm classify --model runs/train-bert/classifier --text "A delight from start to finish."
 *   {"label":"positive","score":0.9731,"probs":[0.0269,0.9731]}
 *   $ llm classify --model runs/train-bert/classifier --file reviews.txt     # one text a line
 *   $ llm classify --model runs/train-bert/pretrained --adapter runs/train-bert/lora --text "Dull."
 *
 * `probs` is indexed by class id, the order of config.json's id2label.
 */
import type { PretrainedModel } from '@llm/models';
import { padRows } from '@llm/objectives';
import { noGrad } from '@llm/tensor-core';
import { defineCommand } from '../command.js';
import { readTexts } from '../data-files.js';
import { CliError, UsageError } from '../errors.js';
import {
  contextLength,
  encodeAll,
  loadModel,
  modelOptions,
  requireTokenizer,
} from '../model-dir.js';

export const classify = defineCommand({
  name: 'classify',
  summary: 'Classify texts with a sequence-classification model; one JSON line per text.',
  description:
    'DIR holds config.json (with id2label), model.safetensors and tokenizer.json.\n' +
    'Prints {"label","score","probs"} per input: the argmax label, its probability, and the\n' +
    'softmax over the classes in id2label order. --file is .txt (one text a line) or .jsonl\n' +
    '(one {"text"} a line). Inputs longer than the model\'s positions are truncated.',
  options: {
    ...modelOptions,
    text: { type: 'string', valueName: 'S', description: 'the text to classify' },
    file: {
      type: 'string',
      valueName: 'F',
      description: '.txt (a text a line) or .jsonl {"text"}',
    },
    'batch-size': {
      type: 'integer',
      min: 1,
      valueName: 'N',
      description: 'texts per forward pass',
      default: 32,
    },
  },
  async run({ options, io }) {
    if ((options.text === undefined) === (options.file === undefined))
      throw new UsageError("give exactly one of --text and --file (see 'llm classify --help')");
    const texts = options.text !== undefined ? [options.text] : await readTexts(options.file!);
    const model: PretrainedModel = await loadModel(options.model, { adapter: options.adapter });
    const hf = model.toHfConfig();
    const labels = labelNames(hf, options.model);
    const tokenizer = await requireTokenizer(options.model, 'to classify text');
    const encoded = encodeAll(tokenizer, texts, contextLength(hf));
    const pad = typeof hf.pad_token_id === 'number' ? hf.pad_token_id : 0;

    const size = options['batch-size'];
    for (let start = 0; start < encoded.length; start += size) {
      const chunk = encoded.slice(start, start + size);
      const { ids, mask } = padRows(
        chunk.map((e) => e.ids),
        pad,
      ); // [B, T]
      const types = padRows(
        chunk.map((e) => e.typeIds),
        0,
      ).ids; // [B, T]
      let logits: { shape: readonly number[]; data: ArrayLike<number> };
      try {
        logits = noGrad(
          () => model.forward({ inputIds: ids, attentionMask: mask, tokenTypeIds: types }).logits,
        );
      } catch (error) {
        throw new CliError((error as Error).message);
      }
      // a language model's logits are [B, T, V]: only a classifier's are [B, numLabels]
      if (logits.shape.length !== 2 || logits.shape[1] !== labels.length)
        throw new CliError(
          `${options.model}: not a sequence-classification model (logits [${logits.shape.join(', ')}], ${labels.length} labels)`,
        );
      const K = labels.length;
      for (let b = 0; b < chunk.length; b++) {
        const probs = softmax(Array.from({ length: K }, (_, k) => logits.data[b * K + k]!));
        let best = 0;
        for (let k = 1; k < K; k++) if (probs[k]! > probs[best]!) best = k;
        io.out(`${JSON.stringify({ label: labels[best], score: probs[best], probs })}\n`);
      }
    }
    return 0;
  },
});

/** id2label as a list indexed by class id; one line when the config has none or a gap. */
function labelNames(hf: Record<string, unknown>, dir: string): string[] {
  const id2label = hf.id2label;
  if (typeof id2label !== 'object' || id2label === null)
    throw new CliError(`${dir}/config.json: no id2label (not a sequence-classification model)`);
  const entries = Object.entries(id2label as Record<string, unknown>);
  const names: string[] = [];
  for (let k = 0; k < entries.length; k++) {
    const name = (id2label as Record<string, unknown>)[String(k)];
    if (typeof name !== 'string')
      throw new CliError(`${dir}/config.json: id2label has no label for class ${k}`);
    names.push(name);
  }
  return names;
}

/** Probabilities from one row of logits, max-subtracted so large logits do not overflow. */
function softmax(row: readonly number[]): number[] {
  const max = Math.max(...row);
  const e = row.map((x) => Math.exp(x - max));
  const sum = e.reduce((s, x) => s + x, 0);
  return e.map((x) => x / sum);
}
