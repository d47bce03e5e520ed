/**
 * `llm forward --model DIR --input FILE` — runs a Hugging Face model directory on a batch
 * file (the fixtures' inputs.json format) and prints the logits and the loss as JSON.
 *
 *   $ llm forward --model runs/gpt --input batch.json
 *   {"logits":{"shape":[2,16,96],"data":[…]},"loss":4.9269}
 *   $ llm forward --model runs/gpt --adapter runs/lora --input batch.json   # with a PEFT adapter
 */
import { activationBytes, checkMemory, readInputsFile } from '@llm/models';
import { noGrad } from '@llm/tensor-core';
import { defineCommand } from '../command.js';
import { CliError } from '../errors.js';
import { loadModel, modelOptions } from '../model-dir.js';

export const forward = defineCommand({
  name: 'forward',
  summary: 'Run a model on a batch file and print its logits and loss as JSON.',
  description:
    'DIR holds config.json and model.safetensors (GPT-2, BERT or T5, HF names). FILE is JSON\n' +
    'with input_ids and optionally attention_mask, token_type_ids, labels, decoder_input_ids.\n' +
    'The loss is printed when labels are given (null otherwise).',
  options: {
    ...modelOptions,
    input: {
      type: 'string',
      valueName: 'FILE',
      description: 'batch file (inputs.json format)',
      required: true,
    },
  },
  async run({ options, io }) {
    let output: {
      logits: { shape: readonly number[]; data: ArrayLike<number> };
      loss?: { item(): number };
    };
    try {
      const model = await loadModel(options.model, { adapter: options.adapter });
      const inputs = await readInputsFile(options.input);
      const [B, T] = inputs.inputIds.shape as [number, number];
      const c = model.toHfConfig();
      const num = (...keys: string[]) =>
        Number(keys.map((k) => c[k]).find((v) => typeof v === 'number') ?? 1);
      checkMemory(
        `a forward pass over [${B}, ${T}] tokens`,
        activationBytes({
          layers: ['n_layer', 'num_hidden_layers', 'num_layers', 'num_decoder_layers'].reduce(
            (s, k) => s + (typeof c[k] === 'number' ? (c[k] as number) : 0),
            0,
          ),
          batch: B,
          time: Math.max(T, inputs.decoderInputIds?.shape[1] ?? 0, inputs.labels?.shape[1] ?? 0),
          channels: num('n_embd', 'hidden_size', 'd_model'),
          heads: num('n_head', 'num_attention_heads', 'num_heads'),
          vocab: num('vocab_size'),
        }),
      );
      output = noGrad(() => model.forward(inputs));
    } catch (error) {
      throw new CliError((error as Error).message);
    }
    const logits = { shape: output.logits.shape, data: Array.from(output.logits.data) };
    io.out(`${JSON.stringify({ logits, loss: output.loss ? output.loss.item() : null })}\n`);
    return 0;
  },
});
