import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArgs } from './args.js';
import { UsageError } from './errors.js';

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
