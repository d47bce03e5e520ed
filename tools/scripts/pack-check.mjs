#!/usr/bin/env node
// Proves each package installs on its own, outside the monorepo, as a user gets it:
// `pnpm pack` → the tarball's package.json has real version ranges and exports into dist/
// only → `npm install` of the tarballs into an empty folder → `import('@llm/x')` works there
// and exposes the same names as the source, and the `llm` bin runs.
// Needs `pnpm build` first. Usage: pnpm pack-check
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'llm-pack-'));
const packs = join(work, 'packs');
const app = join(work, 'app');
mkdirSync(packs);
mkdirSync(app);
// Run as `pnpm pack-check`, pnpm tells us where it lives; otherwise take it from PATH.
const execpath = process.env.npm_execpath ?? '';
// (pnpm 12 ships as a native executable, older ones as a script for node)
const pnpm = !/pnpm/.test(execpath)
  ? ['pnpm']
  : /\.[cm]?js$/.test(execpath)
    ? [process.execPath, execpath]
    : [execpath];
const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const problems = [];

const packages = readdirSync(join(root, 'packages')).sort();
const tarballs = [];
for (const folder of packages) {
  const dir = join(root, 'packages', folder);
  const before = new Set(readdirSync(packs));
  run(pnpm[0], [...pnpm.slice(1), 'pack', '--pack-destination', packs], dir);
  const tarball = readdirSync(packs).find((f) => !before.has(f));
  tarballs.push(join(packs, tarball));

  const manifestText = run('tar', ['-xzOf', join(packs, tarball), 'package/package.json'], dir);
  const m = JSON.parse(manifestText);
  const where = `${m.name} (${tarball})`;
  if (/"(workspace|catalog):/.test(manifestText))
    problems.push(`${where}: workspace:/catalog: range`);
  // the targets (leaf values) of the exports map, not its subpath keys
  const leaves = (v) =>
    typeof v === 'string'
      ? [v]
      : v && typeof v === 'object'
        ? Object.values(v).flatMap(leaves)
        : [];
  for (const t of leaves(m.exports ?? {})) {
    if (!/^\.\/(dist\/|package\.json$)/.test(t)) problems.push(`${where}: export ${t} not in dist`);
  }
  if (JSON.stringify(m.exports).includes('@llm/source'))
    problems.push(`${where}: source condition`);
  const files = run('tar', ['-tzf', join(packs, tarball)], dir)
    .trim()
    .split('\n');
  for (const f of files) {
    if (!/^package\/(dist\/|package\.json$|README\.md$|LICENSE$)/.test(f)) {
      problems.push(`${where}: unexpected file ${f}`);
    }
  }
}

// Install every tarball together (siblings depend on each other by version) into an empty app.
writeFileSync(join(app, 'package.json'), '{"name":"pack-check","private":true,"type":"module"}');
run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], app);

for (const folder of packages) {
  const name = `@llm/${folder}`;
  const source = Object.keys(await import(join(root, 'packages', folder, 'dist/index.js'))).sort();
  const script = `const m = await import('${name}'); console.log(JSON.stringify(Object.keys(m).sort()))`;
  try {
    const installed = JSON.parse(run(process.execPath, ['--input-type=module', '-e', script], app));
    if (JSON.stringify(installed) !== JSON.stringify(source)) {
      problems.push(`${name}: installed exports ${installed} differ from the build's ${source}`);
    }
    console.log(`ok  ${name}: imports from the tarball (${installed.length} exports)`);
  } catch (error) {
    problems.push(
      `${name}: import failed in a plain npm install: ${error.stderr ?? error.message}`,
    );
  }
}

const cliVersion = JSON.parse(
  readFileSync(join(root, 'packages/cli/package.json'), 'utf8'),
).version;
try {
  const printed = run(join(app, 'node_modules/.bin/llm'), ['--version'], app).trim();
  if (printed !== cliVersion) problems.push(`llm --version printed ${printed}, not ${cliVersion}`);
  else console.log(`ok  llm bin: --version → ${printed}`);
} catch (error) {
  problems.push(`the installed llm bin failed: ${error.stderr ?? error.message}`);
}

rmSync(work, { recursive: true, force: true });
if (problems.length) {
  for (const p of problems) console.error(`pack-check: ${p}`);
  process.exit(1);
}
console.log(`pack-check: ${packages.length} packages pack, install with npm and import`);
