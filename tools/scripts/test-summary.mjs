#!/usr/bin/env node
// Adds up the vitest JSON reports that `pnpm test` leaves in each workspace
// (.vitest/results.json, restored by turbo on a cache hit) and prints the one line CI reads:
//   N passed, N failed
// A workspace with a test script but no report (vitest died before writing it), or a test
// file that failed to load, counts as a failure, so a crash can never read as green.
// Exit code: 1 when anything failed. Usage: node tools/scripts/test-summary.mjs
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
let passed = 0;
let failed = 0;
const notes = [];

for (const group of ['packages', 'apps', 'tools']) {
  for (const folder of readdirSync(join(root, group)).sort()) {
    const dir = join(root, group, folder);
    const manifestPath = join(dir, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (!manifest.scripts?.test) continue;
    const reportPath = join(dir, '.vitest/results.json');
    if (!existsSync(reportPath)) {
      failed += 1;
      notes.push(`${group}/${folder}: no test report (did vitest crash?)`);
      continue;
    }
    const report = JSON.parse(readFileSync(reportPath, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    for (const file of report.testResults ?? []) {
      const failures = (file.assertionResults ?? []).filter((a) => a.status === 'failed');
      if (file.status === 'failed' && failures.length === 0) {
        failed += 1;
        notes.push(`${group}/${folder}: ${file.name.slice(root.length)} failed to run`);
      }
    }
  }
}

for (const note of notes) console.log(note);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
