/**
 * A small strict argv parser, so that every mistake gets one line naming the flag.
 *
 *   parseArgs(['--model', 'runs/gpt', 'a.txt'], { model: { type: 'string', description: '' } }, 'llm x')
 *   // → { options: { model: 'runs/gpt' }, positionals: ['a.txt'], help: false }
 *
 * Accepts `--flag value`, `--flag=value`, `-f value`, booleans as `--flag`, and `--` to
 * end the flags. `--help` / `-h` is understood everywhere.
 */
import type { OptionSpecs, OptionValues } from './command.js';
import { UsageError } from './errors.js';

export interface Parsed<S extends OptionSpecs> {
  readonly options: OptionValues<S>;
  readonly positionals: string[];
  readonly help: boolean;
}

/** `where` names the command in messages, e.g. `llm forward`. */
export function parseArgs<S extends OptionSpecs>(
  argv: readonly string[],
  specs: S,
  where: string,
): Parsed<S> {
  const values: Record<string, string | boolean | string[]> = {};
  const positionals: string[] = [];
  const shorts = new Map<string, string>();
  for (const [name, spec] of Object.entries(specs)) if (spec.short) shorts.set(spec.short, name);
  const hint = `see '${where} --help'`;
  let help = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    // --name=value | --name | -n
    const eq = arg.indexOf('=');
    const isLong = arg.startsWith('--');
    const key = isLong ? arg.slice(2, eq === -1 ? undefined : eq) : arg.slice(1);
    const name = isLong ? key : shorts.get(key);
    const spec = name === undefined ? undefined : specs[name];
    if (name === undefined || spec === undefined) {
      throw new UsageError(`unknown flag '${isLong ? `--${key}` : arg}' for '${where}' (${hint})`);
    }
    let value: string | boolean;
    if (spec.type === 'boolean') {
      if (isLong && eq !== -1) {
        throw new UsageError(`flag --${name} takes no value (${hint})`);
      }
      value = true;
    } else if (isLong && eq !== -1) {
      value = arg.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined) throw new UsageError(`flag --${name} needs a value (${hint})`);
      value = next;
      i++;
    }
    if (spec.multiple && typeof value === 'string') {
      const list = values[name];
      values[name] = Array.isArray(list) ? [...list, value] : [value];
    } else if (name in values) {
      throw new UsageError(`flag --${name} is given more than once (${hint})`);
    } else {
      values[name] = value;
    }
  }

  if (!help) {
    for (const [name, spec] of Object.entries(specs)) {
      if (name in values) continue;
      if (spec.required) throw new UsageError(`missing required flag --${name} (${hint})`);
      if (spec.default !== undefined) values[name] = spec.default;
      else if (spec.type === 'boolean') values[name] = false;
      else if (spec.multiple) values[name] = [];
    }
  }
  return { options: values as OptionValues<S>, positionals, help };
}
