import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './workspace.js';

describe('tools/scripts/new-objective.mjs', () => {
  it('copies the template into a package with every placeholder filled in', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'llm-objective-')), 'objective-next-word');
    const r = spawnSync(
      process.execPath,
      [
        join(root, 'tools/scripts/new-objective.mjs'),
        'next-word',
        'Predicts the next word.',
        '--out',
        out,
      ],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    const files = readdirSync(out, { recursive: true }).map(String).sort();
    expect(files).toContain(join('src', 'next-word.ts'));
    expect(files).toContain(join('src', 'next-word.test.ts'));
    for (const f of files.filter((f) => /\.(ts|json|md)$/.test(f))) {
      expect(readFileSync(join(out, f), 'utf8'), f).not.toMatch(/__\w+__/);
    }
    const manifest = JSON.parse(readFileSync(join(out, 'package.json'), 'utf8'));
    expect(manifest.name).toBe('@llm/objective-next-word');
    expect(readFileSync(join(out, 'src/next-word.ts'), 'utf8')).toContain(
      'export function nextWord(',
    );
  });

  it('refuses a name that is not kebab-case', () => {
    const r = spawnSync(
      process.execPath,
      [join(root, 'tools/scripts/new-objective.mjs'), 'Bad_Name'],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/kebab-case/);
  });
});
