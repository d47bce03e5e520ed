// The one vitest setup every package and app shares (each has a one-line vitest.config.ts).
import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Sibling packages resolve to their TypeScript sources (the "@llm/source" export
// condition), so tests run on a fresh clone without a build.
const conditions = ['@llm/source', ...defaultServerConditions];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The JSON report is what .ci/run counts; turbo caches it with the task.
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest/results.json' },
    // generous: a few tests train small models, and CI shares 2 cores between packages
    testTimeout: 120_000,
  },
});
