/**
 * The command table, built from the exports of `commands/index.ts` — adding a command
 * is adding a file and its export line, never editing a switch.
 *
 *   findCommand('env')?.summary
 */
import type { Command } from './command.js';
import * as exported from './commands/index.js';

export function commandTable(modules: Record<string, unknown> = exported): Command[] {
  const commands = Object.values(modules).filter(isCommand);
  const seen = new Set<string>();
  for (const c of commands) {
    // Two files claiming one name would make dispatch depend on export order.
    if (seen.has(c.name)) throw new Error(`two commands are named '${c.name}'`);
    seen.add(c.name);
  }
  return commands.sort((a, b) => a.name.localeCompare(b.name));
}

function isCommand(value: unknown): value is Command {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Partial<Command>;
  return typeof c.name === 'string' && typeof c.run === 'function' && typeof c.options === 'object';
}
