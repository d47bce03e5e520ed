// Reads a reference-vector file from test/fixtures (see test/fixtures/README.md for how each was made).
import { readFileSync } from 'node:fs';

export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T;
}
