#!/usr/bin/env node
// Removes build outputs before a build, so a file deleted from src never ships from a stale dist.
// Usage: node tools/scripts/clean.mjs DIR...   (cross-platform `rm -rf`)
import { rmSync } from 'node:fs';

for (const dir of process.argv.slice(2)) rmSync(dir, { recursive: true, force: true });
