/**
 * The command table, built from the exports of `commands/index.ts` by `@llm/registry` —
 * adding a command is adding a file and its export line, never editing a switch.
 *
 *   commandTable().map((c) => c.name);   // ['env', 'eval', 'forward', …] in name order
 */
import { registryFromExports } from '@llm/registry';
import type { Command } from './command.js';
import * as exported from './commands/index.js';

/** Every command of `modules`, sorted by name; two with one name throw, naming both exports. */
export function commandTable(modules: Record<string, unknown> = exported): Command[] {
  // a fresh array: main() and help take it as a plain list
  return [...registryFromExports({ kind: 'command', exports: modules, is: isCommand }).values()];
}

function isCommand(value: unknown): value is Command {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Partial<Command>;
  return typeof c.name === 'string' && typeof c.run === 'function' && typeof c.options === 'object';
}
