/**
 * @llm/cli — the `llm` command, and the pieces to run it in-process or add a command.
 *
 *   import { main } from '@llm/cli';
 *   const exitCode = await main(['--version']);
 */
export { parseArgs } from './args.js';
export type { Command, Io, OptionSpec, OptionSpecs, OptionValues, RunContext } from './command.js';
export { defineCommand } from './command.js';
export { CliError, UsageError } from './errors.js';
export { main } from './main.js';
export { commandTable } from './registry.js';
export { version } from './version.js';
