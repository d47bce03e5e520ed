import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkpointName, MODEL_FILE } from '../src/node.js';

// The exact-resume promise end to end, across processes: 20 steps straight, against 10
// steps, the process killed with SIGKILL, then a new process resumed to 20.
const root = mkdtempSync(join(tmpdir(), 'llm-resume-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const packageRoot = new URL('..', import.meta.url).pathname;

type Line = { step?: number; loss?: number; checkpoint?: number; start?: number };

function child(args: string[]): {
  proc: ChildProcess;
  lines: Line[];
  done: Promise<number | null>;
} {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@llm/source', 'test/resume-child.ts', ...args],
    { cwd: packageRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: Line[] = [];
  let buffer = '';
  let stderr = '';
  proc.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let i = buffer.indexOf('\n');
    while (i >= 0) {
      lines.push(JSON.parse(buffer.slice(0, i)) as Line);
      buffer = buffer.slice(i + 1);
      proc.emit('line', lines.at(-1));
      i = buffer.indexOf('\n');
    }
  });
  proc.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<number | null>((resolve, reject) => {
    proc.on('error', reject);
    proc.on('close', (code, signal) => {
      if (code !== 0 && signal !== 'SIGKILL') reject(new Error(`child exited ${code}: ${stderr}`));
      else resolve(code);
    });
  });
  return { proc, lines, done };
}

const losses = (lines: Line[]) =>
  lines.filter((l) => l.step !== undefined).map((l) => [l.step, l.loss]);

describe('exact resume after SIGKILL', () => {
  it('20 steps straight = 10 steps, SIGKILL, resume to 20: identical losses and identical weights', async () => {
    const straightDir = join(root, 'straight');
    const straight = child([straightDir, '20']);
    await straight.done;
    const full = losses(straight.lines);
    expect(full.map(([s]) => s)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));

    // killed: it hangs after step 12, so the kill lands after checkpoint 10, mid-run
    const killedDir = join(root, 'killed');
    const killed = child([killedDir, '20', '--hang-after', '12']);
    killed.proc.on('line', (line: Line) => {
      if (line.step === 12) killed.proc.kill('SIGKILL');
    });
    await killed.done;
    expect(killed.proc.signalCode).toBe('SIGKILL');
    expect(killed.lines.some((l) => l.checkpoint === 10)).toBe(true);
    expect(killed.lines.some((l) => l.checkpoint === 15)).toBe(false);
    expect(losses(killed.lines)).toEqual(full.slice(0, 12));

    const resumed = child([killedDir, '20']);
    await resumed.done;
    expect(resumed.lines[0]).toEqual({ start: 10 });
    expect(losses(resumed.lines)).toEqual(full.slice(10));

    const weights = (dir: string) => readFileSync(join(dir, checkpointName(20), MODEL_FILE));
    expect(weights(killedDir).equals(weights(straightDir))).toBe(true);
  }, 120_000);
});
