// The version printed by `llm --version`: this package's own, read from package.json,
// which sits one level above both src/ (run from source) and dist/ (installed).
import { readFileSync } from 'node:fs';

export const version: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;
