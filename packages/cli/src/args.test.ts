import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeValue, inRange, parseArgs } from './args.js';
import type { OptionSpec, OptionSpecs } from './command.js';
import * as commands from './commands/index.js';
import { UsageError } from './errors.js';
import { commandHelp } from './help.js';

const specs = {
  model: { type: 'string', description: 'model dir', valueName: 'DIR', required: true },
  steps: { type: 'string', description: 'steps', default: '10' },
  stream: { type: 'boolean', description: 'stream', short: 's' },
  file: { type: 'string', description: 'input', multiple: true },
} as const;

const parse = (argv: string[]) => parseArgs(argv, specs, 'llm x');

describe('parseArgs', () => {
  it('reads --flag value, --flag=value, short booleans and defaults', () => {
    const p = parse(['--model', 'runs/gpt', '-s', 'in.txt']);
    expect(p.options).toEqual({ model: 'runs/gpt', steps: '10', stream: true, file: [] });
    expect(p.positionals).toEqual(['in.txt']);
    expect(parse(['--model=a=b', '--steps=3']).options).toMatchObject({ model: 'a=b', steps: '3' });
  });

  it('takes the next word as a string value even when it looks like a flag', () => {
    expect(parse(['--model', '--odd-dir']).options.model).toBe('--odd-dir');
    expect(parse(['--model', 'm', '--steps', '-1']).options.steps).toBe('-1');
  });

  it('collects repeatable flags and stops at --', () => {
    const p = parse(['--model', 'm', '--file', 'a', '--file', 'b', '--', '--stream']);
    expect(p.options.file).toEqual(['a', 'b']);
    expect(p.options.stream).toBe(false);
    expect(p.positionals).toEqual(['--stream']);
  });

  it('reports --help without requiring the required flags', () => {
    expect(parse(['--help']).help).toBe(true);
    expect(parse(['-h']).help).toBe(true);
  });

  it.each([
    [['--model', 'm', '--nope'], "unknown flag '--nope' for 'llm x'"],
    [['--model', 'm', '-q'], "unknown flag '-q' for 'llm x'"],
    [['--model'], 'flag --model needs a value'],
    [['--model', 'm', '--stream=yes'], 'flag --stream takes no value'],
    [['--model', 'a', '--model', 'b'], 'flag --model is given more than once'],
    [[], 'missing required flag --model'],
  ])('rejects %j with a one-line usage error', (argv, message) => {
    let caught: unknown;
    try {
      parse(argv);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as UsageError).message).toContain(message);
    expect((caught as UsageError).message).not.toContain('\n');
    expect((caught as UsageError).exitCode).toBe(2);
  });

  it('round-trips any string value given as --flag=value or --flag value', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        expect(parse([`--model=${value}`]).options.model).toBe(value);
        expect(parse(['--model', value]).options.model).toBe(value);
      }),
    );
  });
});

const numeric = {
  steps: { type: 'integer', min: 1, description: 'steps', default: 10 },
  lr: { type: 'number', exclusiveMin: 0, description: 'learning rate' },
  'top-p': { type: 'number', exclusiveMin: 0, max: 1, description: 'nucleus' },
  ids: { type: 'integer', list: true, min: 0, description: 'ids' },
  free: { type: 'number', description: 'any finite number' },
} as const;

const usageError = (run: () => unknown): UsageError => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error('expected a UsageError');
};

describe('parseArgs: integer and number flags', () => {
  const parseNumeric = (argv: string[]) => parseArgs(argv, numeric, 'llm x').options;

  it('converts values and lists, and keeps numeric defaults', () => {
    const o = parseNumeric(['--lr', '1e-3', '--top-p=1', '--ids', '3,0,7', '--free', '-2.5']);
    expect(o).toEqual({ steps: 10, lr: 0.001, 'top-p': 1, ids: [3, 0, 7], free: -2.5 });
    const steps: number = o.steps; // typed from the spec: a number, not a string
    expect(steps).toBe(10);
    expect(parseNumeric(['--steps', '+3', '--lr', '.5']).lr).toBe(0.5);
    expect(parseNumeric([]).lr).toBeUndefined();
  });

  it.each([
    [['--steps', 'abc'], "--steps must be an integer >= 1, got 'abc'"],
    [['--steps', '0'], "--steps must be an integer >= 1, got '0'"],
    [['--steps', '1.5'], "--steps must be an integer >= 1, got '1.5'"],
    [['--steps', '1e3'], "--steps must be an integer >= 1, got '1e3'"],
    [['--steps', '0x10'], "--steps must be an integer >= 1, got '0x10'"],
    [['--steps', ' 3'], "--steps must be an integer >= 1, got ' 3'"],
    [['--steps', '9007199254740993'], 'must be an integer >= 1'],
    [['--lr', '-1'], "--lr must be a number > 0, got '-1'"],
    [['--lr', '0'], "--lr must be a number > 0, got '0'"],
    [['--lr', ''], "--lr must be a number > 0, got ''"],
    [['--free', 'Infinity'], "--free must be a number, got 'Infinity'"],
    [['--free', '1e400'], "--free must be a number, got '1e400'"],
    [['--top-p', '1.5'], "--top-p must be a number in (0, 1], got '1.5'"],
    [['--top-p', '0'], "--top-p must be a number in (0, 1], got '0'"],
    [['--ids', '1,,2'], "--ids must be comma-separated integers >= 0, got '1,,2'"],
    [['--ids', '1,-2'], "--ids must be comma-separated integers >= 0, got '1,-2'"],
  ])('%j → one line naming the flag and its range, exit 2', (argv, message) => {
    const error = usageError(() => parseNumeric(argv));
    expect(error.message).toContain(message);
    expect(error.message).not.toContain('\n');
    expect(error.exitCode).toBe(2);
  });

  it('accepts exactly the values inside the declared range', () => {
    const spec: OptionSpec = { type: 'number', exclusiveMin: 0, max: 1, description: '' };
    fc.assert(
      fc.property(fc.double({ min: -2, max: 2, noNaN: true }), (x) => {
        const specs = { p: spec };
        const text = String(x);
        if (x > 0 && x <= 1) expect(parseArgs(['--p', text], specs, 'llm x').options.p).toBe(x);
        else expect(() => parseArgs(['--p', text], specs, 'llm x')).toThrow(UsageError);
      }),
    );
  });

  it('describes ranges the way --help and the errors show them', () => {
    const d = (spec: Partial<OptionSpec>, article?: boolean) =>
      describeValue({ description: '', type: 'number', ...spec }, article);
    expect(d({ type: 'integer', min: 1 })).toBe('an integer >= 1');
    expect(d({ type: 'integer', min: 1 }, false)).toBe('integer >= 1');
    expect(d({ exclusiveMin: 0 })).toBe('a number > 0');
    expect(d({ min: 0, exclusiveMax: 1 })).toBe('a number in [0, 1)');
    expect(d({ max: 2 })).toBe('a number <= 2');
    expect(d({})).toBe('a number');
  });
});

// The ranges the task asked for, read from the real command specs: each bad value is one
// line naming the flag, before any file is read.
describe('the commands declare their numeric ranges', () => {
  const table = Object.values(commands) as unknown as { name: string; options: OptionSpecs }[];
  const specsOf = (name: string) => table.find((c) => c.name === name)!.options;
  const required: Record<string, string[]> = {
    train: ['--model', 'm', '--input', 'i', '--steps', '1'],
    generate: ['--model', 'm', '--max-new-tokens', '1'],
    tokenize: ['--tokenizer', 't'],
    'train-tokenizer': ['--type', 'bpe', '--vocab-size', '8', '--out', 'o'],
  };

  it.each([
    ['train', 'steps', 'abc', 'an integer >= 1'],
    ['train', 'steps', '0', 'an integer >= 1'],
    ['train', 'lr', '-1', 'a number > 0'],
    ['train', 'weight-decay', '-1', 'a number >= 0'],
    ['train', 'seed', '1.5', 'an integer >= 0'],
    ['generate', 'max-new-tokens', '0', 'an integer >= 1'],
    ['generate', 'temperature', '-2', 'a number >= 0'],
    ['generate', 'top-p', '1.5', 'a number in (0, 1]'],
    ['generate', 'top-k', '-1', 'an integer >= 0'],
    ['generate', 'num-beams', '0', 'an integer >= 1'],
    ['generate', 'seed', '1.5', 'an integer >= 0'],
    ['tokenize', 'max-length', '0', 'an integer >= 1'],
    ['train-tokenizer', 'vocab-size', '0', 'an integer >= 1'],
  ])('llm %s --%s %s → "must be %s"', (command, flag, value, range) => {
    const argv = [...required[command]!.filter((_, i, a) => a[i - (i % 2)] !== `--${flag}`)];
    const error = usageError(() =>
      parseArgs([...argv, `--${flag}`, value], specsOf(command), `llm ${command}`),
    );
    expect(error.message).toBe(`--${flag} must be ${range}, got '${value}'`);
  });

  it('every numeric default lies in its own range, and --help shows the range', () => {
    let numericFlags = 0;
    for (const command of table) {
      const help = commandHelp(command as never);
      for (const [name, spec] of Object.entries(command.options)) {
        if (spec.type !== 'integer' && spec.type !== 'number') continue;
        numericFlags++;
        if (spec.default !== undefined) {
          expect(typeof spec.default, `${command.name} --${name}`).toBe('number');
          expect(inRange(spec, spec.default as number), `${command.name} --${name}`).toBe(true);
        }
        const line = help.split('\n').find((l) => l.includes(`--${name} `));
        expect(line, `${command.name} --${name}`).toContain(describeValue(spec, false));
      }
    }
    expect(numericFlags).toBeGreaterThan(15);
  });
});
