import { describe, expect, it } from 'vitest';
import { defineCommand } from './command.js';
import { CliError } from './errors.js';
import { main } from './main.js';
import { commandTable } from './registry.js';
import { version } from './version.js';

/** An Io that records what a command wrote. */
function capture() {
  const io = {
    stdout: '',
    stderr: '',
    out(text: string) {
      io.stdout += text;
    },
    err(text: string) {
      io.stderr += text;
    },
  };
  return io;
}

const echo = defineCommand({
  name: 'echo',
  summary: 'Prints its flags.',
  positionals: { usage: 'WORD...', min: 1, max: 3 },
  options: {
    upper: { type: 'boolean', description: 'shout' },
    sep: { type: 'string', description: 'separator', valueName: 'S', default: ' ' },
  },
  run({ options, positionals, io }) {
    const text = positionals.join(options.sep);
    io.out(`${options.upper ? text.toUpperCase() : text}\n`);
    return 0;
  },
});
const fail = defineCommand({
  name: 'fail',
  summary: 'Fails on its input.',
  options: { crash: { type: 'boolean', description: 'throw a plain Error' } },
  run({ options }) {
    if (options.crash) throw new TypeError('boom\n  at somewhere');
    throw new CliError("cannot read 'inputs.json':\nno such file");
  },
});
const commands = [echo, fail];

describe('llm main', () => {
  it('dispatches to a command with parsed flags and positionals', async () => {
    const io = capture();
    expect(await main(['echo', '--upper', '--sep', '-', 'a', 'b'], io, commands)).toBe(0);
    expect(io.stdout).toBe('A-B\n');
  });

  it('prints --version and top-level help listing every command', async () => {
    const io = capture();
    expect(await main(['--version'], io, commands)).toBe(0);
    expect(io.stdout).toBe(`${version}\n`);
    const help = capture();
    expect(await main(['--help'], help, commands)).toBe(0);
    expect(help.stdout).toMatch(/Usage: llm <command>/);
    expect(help.stdout).toMatch(/echo\s+Prints its flags\./);
    expect(help.stdout).toMatch(/fail\s+Fails on its input\./);
  });

  it('prints help for a command with --help, -h or `llm help <command>`', async () => {
    for (const argv of [
      ['echo', '--help'],
      ['echo', '-h'],
      ['help', 'echo'],
    ]) {
      const io = capture();
      expect(await main(argv, io, commands)).toBe(0);
      expect(io.stdout).toContain('Usage: llm echo [flags] WORD...');
      expect(io.stdout).toMatch(/--sep S\s+separator \(default {2}\)/);
      expect(io.stdout).toMatch(/--upper\s+shout/);
    }
  });

  it('a bare `llm` is a usage error: help on stderr, exit 2', async () => {
    const io = capture();
    expect(await main([], io, commands)).toBe(2);
    expect(io.stdout).toBe('');
    expect(io.stderr).toContain('Usage: llm <command>');
  });

  it.each([
    [['nope'], "llm: unknown command 'nope' (see 'llm --help')"],
    [['ecko'], "llm: unknown command 'ecko'; did you mean 'echo'? (see 'llm --help')"],
    [['--frobnicate'], "llm: unknown flag '--frobnicate' (see 'llm --help')"],
    [['echo', 'a', '--loud'], "llm: unknown flag '--loud' for 'llm echo' (see 'llm echo --help')"],
    [['echo'], "llm: 'llm echo' needs WORD... (see 'llm echo --help')"],
    [['echo', 'a', 'b', 'c', 'd'], "llm: unexpected argument 'd' for 'llm echo'"],
    [['help', 'nope'], "llm: unknown command 'nope' (see 'llm --help')"],
  ])('%j → one line on stderr, exit 2', async (argv, line) => {
    const io = capture();
    expect(await main(argv, io, commands)).toBe(2);
    expect(io.stderr).toBe(`${line}\n`);
    expect(io.stdout).toBe('');
  });

  it('a failing run prints one line and exits 1, a crash too (no stack)', async () => {
    const io = capture();
    expect(await main(['fail'], io, commands)).toBe(1);
    expect(io.stderr).toBe("llm: cannot read 'inputs.json': no such file\n");
    const crash = capture();
    expect(await main(['fail', '--crash'], crash, commands)).toBe(1);
    expect(crash.stderr.trim().split('\n')).toHaveLength(1);
    expect(crash.stderr).toContain('internal error: boom at somewhere');
  });

  it('uses the real command table by default', async () => {
    const io = capture();
    expect(await main(['--help'], io)).toBe(0);
    for (const c of commandTable()) expect(io.stdout).toContain(c.name);
  });
});
