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

/** One flag. `--name value` for strings, `--name` alone for booleans. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly description: string;
  /** Shown in `--help` as the value's placeholder, e.g. `DIR` for `--model DIR`. */
  readonly valueName?: string;
  readonly short?: string;
  readonly required?: boolean;
  readonly default?: string | boolean;
  /** A string flag that may be given several times; its value is then a list. */
  readonly multiple?: boolean;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** The parsed value of each declared flag, typed from its spec. */
export type OptionValues<S extends OptionSpecs> = {
  [K in keyof S]: S[K]['type'] extends 'boolean'
    ? boolean
    : S[K]['multiple'] extends true
      ? string[]
      : S[K]['required'] extends true
        ? string
        : S[K]['default'] extends string
          ? string
          : string | undefined;
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
