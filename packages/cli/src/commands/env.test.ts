import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { version } from '../version.js';

describe('llm env', () => {
  it('prints one JSON object with versions and machine facts', async () => {
    let out = '';
    const code = await main(['env'], { out: (s) => (out += s), err: () => {} });
    expect(code).toBe(0);
    expect(out.endsWith('\n')).toBe(true);
    expect(out.trim().split('\n')).toHaveLength(1);
    const report = JSON.parse(out);
    expect(report.llm).toBe(version);
    expect(report.node).toBe(process.version);
    expect(report.cpus).toBe(os.availableParallelism());
    expect(report.totalMemoryGiB).toBeGreaterThan(0);
    expect(report.freeMemoryGiB).toBeLessThanOrEqual(report.totalMemoryGiB);
    // every @llm dependency of the CLI resolves to a version string (none is missing)
    for (const [name, v] of Object.entries(report.packages)) {
      expect(name).toMatch(/^@llm\//);
      expect(v).toMatch(/^\d+\.\d+\.\d+/);
    }
  });

  it('indents with --pretty', async () => {
    let out = '';
    await main(['env', '--pretty'], { out: (s) => (out += s), err: () => {} });
    expect(out).toContain('\n  "llm": ');
  });
});
