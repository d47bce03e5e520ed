/**
 * `llm generate` — continues a prompt with a GPT-2 or T5 model directory: greedy,
 * sampling or beam search, token ids or text in, text streamed out when the directory
 * has a tokenizer.json.
 *
 *   $ llm generate --model runs/gpt --prompt "Call me" --max-new-tokens 20 --strategy sample --top-k 40 --seed 1
 *   {"ids":[…],"text":" Ishmael. Some years ago …"}
 *   $ llm generate --model runs/gpt --prompt "Call me" --max-new-tokens 20 --stream
 *   $ llm generate --model runs/gpt --adapter runs/lora --prompt "Call me" --max-new-tokens 20
 *
 * For T5 the ids / prompt are the encoder's input; the decoder starts from its
 * decoder_start_token_id.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type GenerateOptions, type GenerativeModel, generate, streamGenerate } from '@llm/models';
import { tensor } from '@llm/tensor-core';
import { Tokenizer } from '@llm/tokenizer';
import { defineCommand } from '../command.js';
import { CliError, UsageError } from '../errors.js';
import { loadModel, modelOptions } from '../model-dir.js';

export const generateCommand = defineCommand({
  name: 'generate',
  summary: 'Continue a prompt with a GPT-2 or T5 model (greedy, sampling, beam search).',
  description:
    'DIR holds config.json and model.safetensors, and tokenizer.json for --prompt / text output.\n' +
    'Prints {"ids":[new token ids],"text":…}; --stream prints the text as it is generated.',
  options: {
    ...modelOptions,
    'input-ids': {
      type: 'integer',
      list: true,
      min: 0,
      valueName: 'IDS',
      description: 'prompt token ids, comma-separated',
    },
    prompt: {
      type: 'string',
      valueName: 'TEXT',
      description: 'prompt text (needs DIR/tokenizer.json)',
    },
    'max-new-tokens': {
      type: 'integer',
      min: 1,
      valueName: 'N',
      description: 'tokens to generate',
      required: true,
    },
    'min-new-tokens': {
      type: 'integer',
      min: 0,
      valueName: 'N',
      description: 'no EOS / stop token before this many',
    },
    strategy: {
      type: 'string',
      valueName: 'S',
      description: 'greedy | sample | beam',
      default: 'greedy',
    },
    temperature: {
      type: 'number',
      min: 0,
      valueName: 'T',
      description: 'sampling temperature, 0 picks the most likely token (default 1)',
    },
    'top-k': {
      type: 'integer',
      min: 0,
      valueName: 'K',
      description: 'sample from the K most likely tokens (0: all of them)',
    },
    'top-p': {
      type: 'number',
      exclusiveMin: 0,
      max: 1,
      valueName: 'P',
      description: 'sample from the smallest set with mass ≥ P',
    },
    'repetition-penalty': {
      type: 'number',
      exclusiveMin: 0,
      valueName: 'R',
      description: '> 1 discourages repeats',
    },
    'num-beams': {
      type: 'integer',
      min: 1,
      valueName: 'K',
      description: 'beams for --strategy beam (default 4)',
    },
    'length-penalty': {
      type: 'number',
      valueName: 'A',
      description: 'beam score = Σ log p / length^A (default 1)',
    },
    'stop-tokens': {
      type: 'integer',
      list: true,
      min: 0,
      valueName: 'IDS',
      description: 'extra stop token ids, comma-separated',
    },
    seed: {
      type: 'integer',
      min: 0,
      valueName: 'N',
      description: 'random seed for sampling',
      default: 0,
    },
    stream: { type: 'boolean', description: 'print text as it is generated (needs a tokenizer)' },
  },
  async run({ options, io }) {
    if ((options['input-ids'] === undefined) === (options.prompt === undefined)) {
      throw new UsageError('give exactly one of --input-ids and --prompt');
    }
    const strategy = options.strategy;
    if (strategy !== 'greedy' && strategy !== 'sample' && strategy !== 'beam') {
      throw new UsageError(`--strategy must be greedy, sample or beam, got '${strategy}'`);
    }
    const generateOptions: GenerateOptions = {
      maxNewTokens: options['max-new-tokens'],
      minNewTokens: options['min-new-tokens'],
      strategy,
      temperature: options.temperature,
      topK: options['top-k'],
      topP: options['top-p'],
      repetitionPenalty: options['repetition-penalty'],
      numBeams: options['num-beams'],
      lengthPenalty: options['length-penalty'],
      stopTokens: options['stop-tokens'],
      seed: options.seed,
    };
    if (options.stream && strategy === 'beam')
      throw new UsageError('--stream cannot be used with --strategy beam');

    let model: GenerativeModel;
    let tokenizer: Tokenizer | null = null;
    try {
      const loaded = await loadModel(options.model, { adapter: options.adapter });
      if (!('startGeneration' in loaded))
        throw new Error(`${options.model}: this model cannot generate (a GPT-2 or T5 model can)`);
      model = loaded as unknown as GenerativeModel;
      (loaded as unknown as { eval(): void }).eval();
      const path = join(options.model, 'tokenizer.json');
      const text = await readFile(path, 'utf8').catch(() => null);
      if (text !== null) tokenizer = Tokenizer.fromString(text, path);
    } catch (error) {
      throw new CliError((error as Error).message);
    }
    if (!tokenizer && (options.prompt !== undefined || options.stream)) {
      throw new CliError(
        `${join(options.model, 'tokenizer.json')}: no such file (needed for --prompt and --stream)`,
      );
    }
    const prompt =
      options.prompt !== undefined ? tokenizer!.encode(options.prompt).ids : options['input-ids']!;
    if (prompt.length === 0) throw new CliError('the prompt is empty');
    const input = tensor(Int32Array.from(prompt), [1, prompt.length]);

    try {
      if (options.stream) {
        const produced: number[] = [];
        let shown = '';
        for await (const id of streamGenerate(model, input, generateOptions)) {
          produced.push(id);
          // decode everything so far and print what is new; hold back an unfinished
          // multi-byte character (byte-level BPE splits them across tokens)
          const text = tokenizer!.decode(produced, { skipSpecialTokens: true });
          const stable = text.endsWith('\uFFFD') ? text.slice(0, -1) : text;
          if (stable.length > shown.length && stable.startsWith(shown)) {
            io.out(stable.slice(shown.length));
            shown = stable;
          }
        }
        const final = tokenizer!.decode(produced, { skipSpecialTokens: true });
        io.out(`${final.startsWith(shown) ? final.slice(shown.length) : ''}\n`);
        return 0;
      }
      const [newIds] = generate(model, input, generateOptions);
      const result: { ids: number[]; text?: string } = { ids: newIds! };
      if (tokenizer) result.text = tokenizer.decode(newIds!, { skipSpecialTokens: true });
      io.out(`${JSON.stringify(result)}\n`);
      return 0;
    } catch (error) {
      throw new CliError((error as Error).message);
    }
  },
});
