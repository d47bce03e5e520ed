/**
 * `llm env` — what to paste into a bug report: versions, runtime, and the machine.
 *
 *   $ llm env
 *   {"llm":"0.1.0","node":"v20.20.2","platform":"linux","arch":"x64","cpus":2, ...}
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { defineCommand } from '../command.js';
import { version } from '../version.js';

export const env = defineCommand({
  name: 'env',
  summary: 'Print versions, runtime and machine facts as JSON (for bug reports).',
  description:
    'Lists this CLI version, the @llm packages it depends on with the versions it resolves,\n' +
    'Node, the platform, CPU cores and model, and total / free memory in GiB.',
  options: {
    pretty: { type: 'boolean', description: 'indent the JSON for reading' },
  },
  run({ options, io }) {
    const report = {
      llm: version,
      packages: llmPackages(),
      node: process.version,
      platform: process.platform,
      arch: process.arch,
      cpus: os.availableParallelism(),
      cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
      totalMemoryGiB: gib(os.totalmem()),
      freeMemoryGiB: gib(os.freemem()),
    };
    io.out(`${JSON.stringify(report, null, options.pretty ? 2 : undefined)}\n`);
    return 0;
  },
});

const gib = (bytes: number) => Math.round((bytes / 2 ** 30) * 10) / 10;

/** Each @llm dependency of this CLI → the version that resolves, or null if it is missing. */
function llmPackages(): Record<string, string | null> {
  const manifestUrl = new URL('../../package.json', import.meta.url);
  const manifest = JSON.parse(readFileSync(manifestUrl, 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const require = createRequire(manifestUrl);
  const names = Object.keys(manifest.dependencies ?? {}).filter((n) => n.startsWith('@llm/'));
  return Object.fromEntries(
    names.sort().map((name) => {
      try {
        const found = require(`${name}/package.json`) as { version: string };
        return [name, found.version];
      } catch {
        return [name, null];
      }
    }),
  );
}
