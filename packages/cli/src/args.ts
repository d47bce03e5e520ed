/**
 * A small strict argv parser, so that every mistake gets one line naming the flag.
 *
 *   parseArgs(['--model', 'runs/gpt', 'a.txt'], { model: { type: 'string', description: '' } }, 'llm x')
 *   // → { options: { model: 'runs/gpt' }, positionals: ['a.txt'], help: false }
 *
 * Accepts `--flag value`, `--flag=value`, `-f value`, booleans as `--flag`, and `--` to
 * end the flags. `--help` / `-h` is understood everywhere. `integer` / `number` flags are
 * converted here and only here, and checked against their spec's range:
 *
 *   parseArgs(['--top-p', '1.5'], { 'top-p': { type: 'number', exclusiveMin: 0, max: 1, description: '' } }, 'llm x')
 *   // throws UsageError("--top-p must be a number in (0, 1], got '1.5'")
 */
import type { OptionSpec, OptionSpecs, OptionValues } from './command.js';
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

  const options: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    const spec = specs[name]!;
    options[name] = Array.isArray(value)
      ? value.map((v) => convert(name, spec, v))
      : typeof value === 'string'
        ? convert(name, spec, value)
        : value;
  }
  if (!help) {
    for (const [name, spec] of Object.entries(specs)) {
      if (name in options) continue;
      if (spec.required) throw new UsageError(`missing required flag --${name} (${hint})`);
      if (spec.default !== undefined) options[name] = spec.default;
      else if (spec.type === 'boolean') options[name] = false;
      else if (spec.multiple) options[name] = [];
    }
  }
  return { options: options as OptionValues<S>, positionals, help };
}

const isNumeric = (spec: OptionSpec) => spec.type === 'integer' || spec.type === 'number';

/** A string flag's text as is; an integer / number flag's text as a checked number (or list). */
function convert(name: string, spec: OptionSpec, text: string): string | number | number[] {
  if (!isNumeric(spec)) return text;
  const fail = () => new UsageError(`--${name} must be ${describeValue(spec)}, got '${text}'`);
  const one = (word: string) => {
    // decimal only: Number() would also take '0x10', ' 3 ' and '' (as 0)
    const syntax = spec.type === 'integer' ? INTEGER : DECIMAL;
    const x = Number(word);
    if (!syntax.test(word) || !Number.isFinite(x)) throw fail();
    if (spec.type === 'integer' && !Number.isSafeInteger(x)) throw fail();
    if (!inRange(spec, x)) throw fail();
    return x;
  };
  return spec.list ? text.split(',').map(one) : one(text);
}

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Whether x lies in the spec's range (min / exclusiveMin / max / exclusiveMax). */
export function inRange(spec: OptionSpec, x: number): boolean {
  return (
    (spec.min === undefined || x >= spec.min) &&
    (spec.exclusiveMin === undefined || x > spec.exclusiveMin) &&
    (spec.max === undefined || x <= spec.max) &&
    (spec.exclusiveMax === undefined || x < spec.exclusiveMax)
  );
}

/**
 * What a numeric flag accepts, in words, for error messages and `--help`:
 * 'an integer >= 1', 'a number in (0, 1]', 'comma-separated integers >= 0'.
 * `article: false` drops the leading 'a' / 'an' ('integer >= 1').
 */
export function describeValue(spec: OptionSpec, article = true): string {
  const integer = spec.type === 'integer';
  const kind = spec.list
    ? `comma-separated ${integer ? 'integers' : 'numbers'}`
    : article
      ? integer
        ? 'an integer'
        : 'a number'
      : integer
        ? 'integer'
        : 'number';
  const low =
    spec.min !== undefined
      ? { open: false, at: spec.min }
      : spec.exclusiveMin !== undefined
        ? { open: true, at: spec.exclusiveMin }
        : undefined;
  const high =
    spec.max !== undefined
      ? { open: false, at: spec.max }
      : spec.exclusiveMax !== undefined
        ? { open: true, at: spec.exclusiveMax }
        : undefined;
  if (low && high)
    return `${kind} in ${low.open ? '(' : '['}${low.at}, ${high.at}${high.open ? ')' : ']'}`;
  if (low) return `${kind} ${low.open ? '>' : '>='} ${low.at}`;
  if (high) return `${kind} ${high.open ? '<' : '<='} ${high.at}`;
  return kind;
}
