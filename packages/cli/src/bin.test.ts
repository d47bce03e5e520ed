// The real executable, as a user runs it: exit codes and stderr of a separate process.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { version } from './version.js';

const bin = fileURLToPath(new URL('./bin.ts', import.meta.url));
const llm = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', '--conditions=@llm/source', bin, ...args], {
    encoding: 'utf8',
    cwd: fileURLToPath(new URL('..', import.meta.url)),
  });

describe('the llm bin', () => {
  it('prints its version and exits 0', () => {
    const r = llm('--version');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${version}\n`);
  });

  it('exits 2 with one line on an unknown command or flag', () => {
    for (const [args, line] of [
      [['frobnicate'], "llm: unknown command 'frobnicate' (see 'llm --help')"],
      [['env', '--nope'], "llm: unknown flag '--nope' for 'llm env' (see 'llm env --help')"],
    ] as const) {
      const r = llm(...args);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`${line}\n`);
      expect(r.stdout).toBe('');
    }
  });
});
