/**
 * `llm` — dispatch to a subcommand and turn every failure into one line and an exit code.
 *
 *   const code = await main(['env'], { out: (s) => process.stdout.write(s), err: ... });
 */

import { UnknownNameError } from '@llm/registry';
import { parseArgs } from './args.js';
import type { Command, Io } from './command.js';
import { CliError, UsageError } from './errors.js';
import { commandHelp, topHelp } from './help.js';
import { commandTable } from './registry.js';
import { version } from './version.js';

export const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** Runs `llm <argv>` and resolves to the exit code; never throws. */
export async function main(
  argv: readonly string[],
  io: Io = processIo,
  commands: readonly Command[] = commandTable(),
): Promise<number> {
  try {
    return await dispatch(argv, io, commands);
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`llm: ${oneLine(error.message)}\n`);
      return error.exitCode;
    }
    // A registry lookup of a name the user typed (--optimizer, --schedule, --strategy):
    // a usage mistake, whichever command made it.
    if (error instanceof UnknownNameError) {
      io.err(`llm: ${oneLine(error.message)}\n`);
      return 2;
    }
    // A bug, not a user mistake: still one line, but say where to look.
    const message = error instanceof Error ? error.message : String(error);
    io.err(`llm: internal error: ${oneLine(message)} (set LLM_DEBUG=1 for the stack)\n`);
    if (process.env.LLM_DEBUG && error instanceof Error && error.stack) io.err(`${error.stack}\n`);
    return 1;
  }
}

async function dispatch(argv: readonly string[], io: Io, commands: readonly Command[]) {
  const [first, ...rest] = argv;
  if (first === undefined) {
    // Like git: a bare `llm` is a usage mistake, so the help goes to stderr with exit 2.
    io.err(topHelp(commands, version));
    return 2;
  }
  if (first === '--help' || first === '-h') {
    io.out(topHelp(commands, version));
    return 0;
  }
  if (first === '--version' || first === '-V') {
    io.out(`${version}\n`);
    return 0;
  }
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) {
      io.out(topHelp(commands, version));
      return 0;
    }
    io.out(commandHelp(find(commands, topic)));
    return 0;
  }
  if (first.startsWith('-')) throw new UsageError(`unknown flag '${first}' (see 'llm --help')`);

  const command = find(commands, first);
  const where = `llm ${command.name}`;
  const parsed = parseArgs(rest, command.options, where);
  if (parsed.help) {
    io.out(commandHelp(command));
    return 0;
  }
  const { min = 0, max = 0 } = command.positionals ?? {};
  if (parsed.positionals.length < min) {
    throw new UsageError(`'${where}' needs ${command.positionals?.usage} (see '${where} --help')`);
  }
  if (parsed.positionals.length > max) {
    throw new UsageError(`unexpected argument '${parsed.positionals[max]}' for '${where}'`);
  }
  return (await command.run({ options: parsed.options, positionals: parsed.positionals, io })) ?? 0;
}

function find(commands: readonly Command[], name: string): Command {
  const command = commands.find((c) => c.name === name);
  if (command) return command;
  const near = commands.find((c) => editDistance(c.name, name) <= 2);
  const suggestion = near ? `; did you mean '${near.name}'?` : '';
  throw new UsageError(`unknown command '${name}'${suggestion} (see 'llm --help')`);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** Levenshtein distance, for "did you mean" on a mistyped command. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
