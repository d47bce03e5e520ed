/**
 * `llm tokenize` — encode text with a tokenizer.json and print ids, tokens and offsets.
 *
 *   $ llm tokenize --tokenizer gpt2/tokenizer.json --text 'Hello world'
 *   {"ids":[15496,995],"tokens":["Hello","Ġworld"],"offsets":[[0,5],[5,11]],"typeIds":[0,0],"attentionMask":[1,1]}
 *
 * With `--file F` (JSONL of {"text": ..., "pair"?: ...}) it prints one such line per input.
 */
import { readFile } from 'node:fs/promises';
import { type Encoding, Tokenizer, TokenizerError } from '@llm/tokenizer/node';
import { defineCommand } from '../command.js';
import { CliError, UsageError } from '../errors.js';

const strategies = {
  'longest-first': 'longest_first',
  'only-first': 'only_first',
  'only-second': 'only_second',
} as const;

export const tokenize = defineCommand({
  name: 'tokenize',
  summary: 'Encode text with a tokenizer.json; print ids, tokens, offsets as JSON.',
  description:
    'Prints {"ids","tokens","offsets","typeIds","attentionMask"}; offsets are [start, end)\n' +
    'indices into the input string (UTF-16 code units). --file reads JSONL lines of\n' +
    '{"text": ..., "pair"?: ...} and prints one line per input (padding "longest" pads\n' +
    'the whole file to its longest line).',
  options: {
    tokenizer: {
      type: 'string',
      description: 'the tokenizer.json',
      valueName: 'FILE',
      required: true,
    },
    text: { type: 'string', description: 'the text to encode', valueName: 'S' },
    pair: { type: 'string', description: 'a second sequence (sentence pair)', valueName: 'S' },
    file: { type: 'string', description: 'JSONL of {"text","pair"?} objects', valueName: 'F' },
    'no-special-tokens': { type: 'boolean', description: 'do not add [CLS] / [SEP] and the like' },
    'max-length': {
      type: 'integer',
      min: 1,
      description: 'truncate (and pad) to N tokens',
      valueName: 'N',
    },
    truncation: {
      type: 'string',
      description: 'longest-first (default) | only-first | only-second',
      valueName: 'STRATEGY',
    },
    stride: {
      type: 'integer',
      min: 0,
      description: 'overlap of overflowing windows',
      valueName: 'N',
      default: 0,
    },
    padding: { type: 'string', description: 'max-length | longest', valueName: 'MODE' },
  },
  async run({ options, io }) {
    if ((options.text === undefined) === (options.file === undefined)) {
      throw new UsageError("give exactly one of --text or --file (see 'llm tokenize --help')");
    }
    if (options.pair !== undefined && options.text === undefined) {
      throw new UsageError('--pair goes with --text (in --file, put "pair" in each line)');
    }
    const maxLength = options['max-length'];
    const stride = options.stride;
    const strategyName = options.truncation ?? 'longest-first';
    const strategy = strategies[strategyName as keyof typeof strategies];
    if (strategy === undefined) {
      throw new UsageError(
        `--truncation must be one of ${Object.keys(strategies).join(', ')}, got '${strategyName}'`,
      );
    }
    if (options.truncation !== undefined && maxLength === undefined) {
      throw new UsageError('--truncation needs --max-length');
    }
    const padding = options.padding;
    if (padding !== undefined && padding !== 'max-length' && padding !== 'longest') {
      throw new UsageError(`--padding must be max-length or longest, got '${padding}'`);
    }
    if (padding === 'max-length' && maxLength === undefined) {
      throw new UsageError('--padding max-length needs --max-length');
    }

    try {
      const tok = await Tokenizer.fromFile(options.tokenizer);
      if (maxLength !== undefined) tok.setTruncation({ maxLength, strategy, stride });
      if (padding !== undefined) {
        const padToken =
          tok.padding?.padToken ??
          ['[PAD]', '<pad>'].find((t) => tok.tokenToId(t) !== undefined) ??
          '[PAD]';
        tok.setPadding({
          ...tok.padding,
          length: padding === 'max-length' ? maxLength! : 'longest',
          padToken,
          padId: tok.padding?.padId ?? tok.tokenToId(padToken) ?? 0,
        });
      }
      const addSpecialTokens = !options['no-special-tokens'];
      const inputs: [string, string | null][] =
        options.text !== undefined
          ? [[options.text, options.pair ?? null]]
          : await readJsonl(options.file!);
      const encodings = tok.encodeBatch(
        inputs.map(([a, b]) => (b === null ? a : ([a, b] as const))),
        { addSpecialTokens },
      );
      for (const e of encodings) io.out(`${JSON.stringify(view(e))}\n`);
      return 0;
    } catch (e) {
      if (e instanceof TokenizerError) throw new CliError(e.message);
      throw e;
    }
  },
});

function view(e: Encoding) {
  return {
    ids: e.ids,
    tokens: e.tokens,
    offsets: e.offsets,
    typeIds: e.typeIds,
    attentionMask: e.attentionMask,
  };
}

async function readJsonl(path: string): Promise<[string, string | null][]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new CliError(
      `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  const out: [string, string | null][] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new CliError(`${path}:${i + 1}: not valid JSON`);
    }
    const o = v as { text?: unknown; pair?: unknown };
    if (v === null || typeof v !== 'object' || typeof o.text !== 'string') {
      throw new CliError(`${path}:${i + 1}: expected {"text": string, "pair"?: string}`);
    }
    if (o.pair !== undefined && o.pair !== null && typeof o.pair !== 'string') {
      throw new CliError(`${path}:${i + 1}: "pair" must be a string`);
    }
    out.push([o.text, (o.pair as string | undefined) ?? null]);
  });
  return out;
}
