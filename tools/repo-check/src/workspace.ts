/**
 * Reads the repository's manifests for the checks in repo.test.ts.
 *
 *   const { packages, apps } = readWorkspace();
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../../', import.meta.url));

export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  type?: string;
  sideEffects?: boolean;
  files?: string[];
  bin?: Record<string, string>;
  exports?: Record<string, unknown>;
  publishConfig?: {
    access?: string;
    exports?: Record<string, unknown>;
    bin?: Record<string, string>;
  };
  scripts?: Record<string, string>;
  engines?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

export interface Workspace {
  readonly dir: string; // e.g. "packages/tokenizer"
  readonly folder: string; // e.g. "tokenizer"
  readonly manifest: Manifest;
}

function readGroup(group: 'packages' | 'apps' | 'tools'): Workspace[] {
  return readdirSync(join(root, group), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, group, d.name, 'package.json')))
    .map((d) => ({
      dir: `${group}/${d.name}`,
      folder: d.name,
      manifest: JSON.parse(readFileSync(join(root, group, d.name, 'package.json'), 'utf8')),
    }));
}

export function readWorkspace() {
  return { packages: readGroup('packages'), apps: readGroup('apps'), tools: readGroup('tools') };
}

/** The `catalog:` block of pnpm-workspace.yaml: dependency name → version. */
export function readCatalog(): Map<string, string> {
  const text = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  return new Map(
    [...section(text, 'catalog').matchAll(/^ {2}"?([^":\s]+)"?:\s*(\S+)/gm)].map((m) => [
      m[1]!,
      m[2]!,
    ]),
  );
}

/** The `allowBuilds:` block of pnpm-workspace.yaml: package → whether its script may run. */
export function readAllowBuilds(): Map<string, string> {
  const text = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  return new Map(
    [...section(text, 'allowBuilds').matchAll(/^ {2}"?([^":\s]+)"?:\s*(\S+)/gm)].map((m) => [
      m[1]!,
      m[2]!,
    ]),
  );
}

/** The indented lines under a top-level YAML key (our own flat file, not general YAML). */
function section(text: string, key: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`${key}:`));
  if (start === -1) return '';
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break;
    body.push(line);
  }
  return body.join('\n');
}

export function dependencyFields(m: Manifest) {
  return {
    dependencies: m.dependencies ?? {},
    devDependencies: m.devDependencies ?? {},
    peerDependencies: m.peerDependencies ?? {},
    optionalDependencies: m.optionalDependencies ?? {},
  };
}
