#!/usr/bin/env node
import { spawnSync } from 'node:child_process';
// Starts a new objective package from templates/objective: a copy away.
// Usage: node tools/scripts/new-objective.mjs <kebab-name> "<one-line description>" [--out DIR]
// Creates packages/objective-<name> (or DIR), with the placeholders filled in; then run
// `pnpm install` and `pnpm --filter @llm/objective-<name> test`.
import {
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const [name, description = 'A training objective for @llm.', ...rest] = process.argv.slice(2);
const outFlag = rest.indexOf('--out');
if (!name || !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) {
  console.error(
    'new-objective: give a kebab-case name, e.g. `node tools/scripts/new-objective.mjs replaced-token-detection "…"`',
  );
  process.exit(2);
}
const target = outFlag !== -1 ? rest[outFlag + 1] : join(root, 'packages', `objective-${name}`);
if (existsSync(target)) {
  console.error(`new-objective: ${target} already exists`);
  process.exit(1);
}
const camel = name.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
const pascal = camel[0].toUpperCase() + camel.slice(1);
const fill = (text) =>
  text
    .replaceAll('__Description__', description)
    .replaceAll('__PascalName__', pascal)
    .replaceAll('__camelName__', camel)
    .replaceAll('__name__', name);

cpSync(join(root, 'templates', 'objective'), target, { recursive: true });
const walk = (dir) => {
  for (const entry of readdirSync(dir)) {
    let path = join(dir, entry);
    if (entry.includes('__name__')) {
      const renamed = join(dir, fill(entry));
      renameSync(path, renamed);
      path = renamed;
    }
    if (statSync(path).isDirectory()) walk(path);
    else writeFileSync(path, fill(readFileSync(path, 'utf8')));
  }
};
walk(target);
// lay the filled-in code out as the repository's formatter would
const biome = join(root, 'node_modules', '.bin', 'biome');
if (existsSync(biome)) spawnSync(biome, ['check', '--write', target], { stdio: 'ignore' });
console.log(`new-objective: created ${target} — now \`pnpm install\`, then add a changeset`);
