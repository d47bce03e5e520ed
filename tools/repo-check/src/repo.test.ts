import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as cliByName from '@llm/cli';
import { describe, expect, it } from 'vitest';
import * as cliBySourcePath from '../../../packages/cli/src/index.js';
import {
  dependencyFields,
  readAllowBuilds,
  readCatalog,
  readWorkspace,
  root,
} from './workspace.js';

const { packages, apps, tools } = readWorkspace();
const catalog = readCatalog();

// The package map of DESIGN.md: each one must exist, and nothing else may hide in packages/
// without being added here on purpose.
const designed = [
  'cli',
  'eval-metrics',
  'finetune-strategies',
  'layers',
  'models',
  'objectives',
  'serve',
  'tensor-core',
  'tokenizer',
  'trainer',
];

describe('the package map', () => {
  it('has every package of DESIGN.md under packages/', () => {
    const folders = packages.map((p) => p.folder);
    for (const name of designed) expect(folders).toContain(name);
  });

  it('has the three example apps', () => {
    expect(apps.map((a) => a.folder).sort()).toEqual(['train-bert', 'train-gpt', 'train-t5']);
  });
});

describe.each(packages)('$dir', ({ dir, folder, manifest: m }) => {
  it('is @llm/<folder>, ESM, side-effect free, ships dist only, public', () => {
    expect(m.name).toBe(`@llm/${folder}`);
    expect(m.private).toBeUndefined();
    expect(m.type).toBe('module');
    expect(m.sideEffects).toBe(false);
    expect(m.files).toEqual(['dist']);
    expect(m.publishConfig?.access).toBe('public');
    expect(m.engines?.node).toBe('>=20');
    expect(m.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('exports its source for the workspace and only dist/ when published', () => {
    const dot = m.exports?.['.'] as Record<string, string>;
    expect(dot['@llm/source']).toBe('./src/index.ts');
    expect(dot.types).toBe('./dist/index.d.ts');
    expect(dot.default).toBe('./dist/index.js');
    // the custom condition must come first, or node's "default" would win in tests
    expect(Object.keys(dot)[0]).toBe('@llm/source');
    const published = JSON.stringify(m.publishConfig?.exports ?? {});
    expect(published).not.toContain('@llm/source');
    expect(published).not.toContain('./src/');
    // every subpath of exports has a published counterpart pointing into dist
    expect(Object.keys(m.publishConfig?.exports ?? {})).toEqual(Object.keys(m.exports ?? {}));
    for (const target of leaves(m.publishConfig?.exports ?? {})) {
      expect(target).toMatch(/^\.\/(dist\/|package\.json$)/);
    }
    // every source subpath is a .ts file under src/
    for (const [path, entry] of Object.entries(m.exports ?? {})) {
      if (path === './package.json') continue;
      expect((entry as Record<string, string>)['@llm/source'], path).toMatch(/^\.\/src\/.+\.ts$/);
    }
    for (const path of Object.values(m.publishConfig?.bin ?? m.bin ?? {})) {
      expect(path).toMatch(/^\.\/dist\//);
    }
  });

  it('has src/index.ts, a test beside the code, a README with the install line', () => {
    expect(existsSync(join(root, dir, 'src/index.ts'))).toBe(true);
    const tests = readdirSync(join(root, dir, 'src'), { recursive: true }).filter((f) =>
      String(f).endsWith('.test.ts'),
    );
    expect(tests.length).toBeGreaterThan(0);
    const readme = readFileSync(join(root, dir, 'README.md'), 'utf8');
    expect(readme).toMatch(new RegExp(`^# @llm/${folder}\\b`));
    expect(readme).toContain(`npm install @llm/${folder}`);
    expect(readme).toMatch(/seed concept/i);
  });

  it('builds, typechecks, lints and tests through the shared scripts', () => {
    expect(m.scripts?.build).toContain('tsc -p tsconfig.build.json');
    expect(m.scripts?.typecheck).toBe('tsc -p tsconfig.json');
    expect(m.scripts?.lint).toBe('biome check .');
    expect(m.scripts?.test).toBe('vitest run');
  });
});

describe('dependencies', () => {
  const all = [...packages, ...apps, ...tools];

  it.each(all)(
    '$dir takes shared versions from the catalog and siblings from the workspace',
    ({ manifest: m }) => {
      const { dependencies, devDependencies, optionalDependencies } = dependencyFields(m);
      for (const [name, range] of Object.entries({
        ...dependencies,
        ...devDependencies,
        ...optionalDependencies,
      })) {
        if (name.startsWith('@llm/')) expect(range, name).toBe('workspace:*');
        else expect(range, `${name} should be "catalog:" (add it to the catalog)`).toBe('catalog:');
      }
    },
  );

  it('every catalog entry is used somewhere (no stale pins)', () => {
    const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const used = new Set(
      [...all.map((w) => w.manifest), rootManifest].flatMap((m) =>
        Object.keys({ ...m.dependencies, ...m.devDependencies, ...m.peerDependencies }),
      ),
    );
    // gpu.js and msgpackr are pinned ahead of the tensor-core issue that uses them
    const reserved = new Set(['gpu.js', 'msgpackr', 'fast-check']);
    for (const name of catalog.keys()) {
      if (!reserved.has(name)) expect(used, name).toContain(name);
    }
  });

  it("keeps gpu.js's headless-gl build off by default", () => {
    expect(readAllowBuilds().get('gl')).toBe('false');
  });
});

describe('apps', () => {
  const changesets = JSON.parse(readFileSync(join(root, '.changeset/config.json'), 'utf8'));

  it.each(apps)(
    '$dir is private, on workspace:*, ignored by changesets, with a README',
    ({ dir, manifest: m }) => {
      expect(m.private).toBe(true);
      expect(changesets.ignore).toContain(m.name);
      expect(Object.keys(m.dependencies ?? {}).length).toBeGreaterThan(0);
      expect(existsSync(join(root, dir, 'README.md'))).toBe(true);
    },
  );
});

/** The string values at the leaves of an exports map (its targets, not its keys). */
function leaves(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null) return [];
  return Object.values(value).flatMap(leaves);
}

describe('sibling resolution', () => {
  it('@llm/cli resolves to its TypeScript source in tests (no build needed)', () => {
    // Same module instance only if the "@llm/source" condition picked src/index.ts.
    expect(cliByName.main).toBe(cliBySourcePath.main);
  });
});
