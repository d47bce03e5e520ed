/**
 * What a subcommand of `llm` is. One file per command under `commands/`, re-exported
 * from `commands/index.ts`; the dispatcher builds its table from those exports.
 *
 *   export const hello = defineCommand({
 *     name: 'hello',
 *     summary: 'Greets someone.',
 *     options: { name: { type: 'string', description: 'who to greet', required: true } },
 *     run: ({ options, io }) => io.out(`hello ${options.name}\n`),
 *   });
 */

/**
 * One flag. `--name value` for strings and numbers, `--name` alone for booleans.
 * `integer` and `number` flags are converted and range-checked by the parser (the one
 * place a flag's text becomes a number), so a command receives numbers it can trust and
 * `--help` shows the same range the parser enforces:
 *
 *   steps: { type: 'integer', min: 1, description: 'optimizer steps', required: true }
 *   'top-p': { type: 'number', exclusiveMin: 0, max: 1, description: 'nucleus mass' }
 */
export interface OptionSpec {
  readonly type: 'string' | 'boolean' | 'integer' | 'number';
  readonly description: string;
  /** Shown in `--help` as the value's placeholder, e.g. `DIR` for `--model DIR`. */
  readonly valueName?: string;
  readonly short?: string;
  readonly required?: boolean;
  /** Used when the flag is absent; a number for `integer` / `number` flags. */
  readonly default?: string | boolean | number;
  /** A flag that may be given several times; its value is then a list. */
  readonly multiple?: boolean;
  /** `integer` / `number`: the value is a comma-separated list, `1,2,3` → [1, 2, 3]. */
  readonly list?: boolean;
  /** `integer` / `number`: the value must be ≥ min. */
  readonly min?: number;
  /** `integer` / `number`: the value must be > exclusiveMin (e.g. 0 for a learning rate). */
  readonly exclusiveMin?: number;
  /** `integer` / `number`: the value must be ≤ max. */
  readonly max?: number;
  /** `integer` / `number`: the value must be < exclusiveMax. */
  readonly exclusiveMax?: number;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** One value of a flag: a number (or a list of them) for numeric flags, else the text. */
type ValueOf<O extends OptionSpec> = O['type'] extends 'integer' | 'number'
  ? O['list'] extends true
    ? number[]
    : number
  : string;

/** The parsed value of each declared flag, typed from its spec. */
export type OptionValues<S extends OptionSpecs> = {
  [K in keyof S]: S[K]['type'] extends 'boolean'
    ? boolean
    : S[K]['multiple'] extends true
      ? ValueOf<S[K]>[]
      : S[K]['required'] extends true
        ? ValueOf<S[K]>
        : S[K]['default'] extends string | number
          ? ValueOf<S[K]>
          : ValueOf<S[K]> | undefined;
};

/** Where a command writes. Tests pass their own; the bin passes process.stdout/stderr. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export interface RunContext<S extends OptionSpecs> {
  readonly options: OptionValues<S>;
  /** Words after the flags, e.g. the INPUT files of `llm train-tokenizer ... INPUT...`. */
  readonly positionals: readonly string[];
  readonly io: Io;
}

export interface Command<S extends OptionSpecs = OptionSpecs> {
  /** The word after `llm`, kebab-case. */
  readonly name: string;
  /** One line for `llm --help`. */
  readonly summary: string;
  /** More text for `llm <name> --help`: what it reads, what it prints. */
  readonly description?: string;
  /** Positional arguments as shown in usage, e.g. `INPUT...`; none when absent. */
  readonly positionals?: { readonly usage: string; readonly min: number; readonly max?: number };
  readonly options: S;
  /** Resolves to the exit code (0 when absent); failures throw CliError / UsageError. */
  run(context: RunContext<S>): Promise<number | undefined> | number | undefined;
}

/** Identity at run time; gives `run` option values typed from the specs. */
export function defineCommand<const S extends OptionSpecs>(command: Command<S>): Command<S> {
  return command;
}
