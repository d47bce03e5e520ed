/**
 * `--help` text for the top level and for each command, built from the command specs so
 * it can never disagree with what the parser accepts.
 *
 *   process.stdout.write(commandHelp(env));
 */
import { describeValue } from './args.js';
import type { Command } from './command.js';

export function topHelp(commands: readonly Command[], version: string): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  const rows = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    `llm ${version} — large language models from first principles`,
    '',
    'Usage: llm <command> [flags]',
    '',
    'Commands:',
    ...rows,
    '',
    'Flags:',
    '  -h, --help     show help (also after any command: llm <command> --help)',
    '  -V, --version  print the version',
    '',
    'Exit codes: 0 ok, 1 the run failed (message on stderr), 2 bad command line.',
    '',
  ].join('\n');
}

export function commandHelp(command: Command): string {
  const flags = Object.entries(command.options).map(([name, spec]) => {
    const short = spec.short ? `-${spec.short}, ` : '    ';
    const value = spec.type !== 'boolean' ? ` ${spec.valueName ?? 'VALUE'}` : '';
    const notes = [
      // the range the parser enforces, from the same spec (see describeValue)
      spec.type === 'integer' || spec.type === 'number' ? describeValue(spec, false) : '',
      spec.required ? 'required' : '',
      spec.default !== undefined && spec.type !== 'boolean' ? `default ${spec.default}` : '',
      spec.multiple ? 'repeatable' : '',
    ].filter(Boolean);
    const tail = notes.length ? ` (${notes.join(', ')})` : '';
    return { left: `  ${short}--${name}${value}`, right: `${spec.description}${tail}` };
  });
  flags.push({ left: '  -h, --help', right: 'show this help' });
  const width = Math.max(...flags.map((f) => f.left.length));
  const positional = command.positionals ? ` ${command.positionals.usage}` : '';
  return [
    `Usage: llm ${command.name} [flags]${positional}`,
    '',
    command.summary,
    ...(command.description ? ['', command.description] : []),
    '',
    'Flags:',
    ...flags.map((f) => `${f.left.padEnd(width)}  ${f.right}`),
    '',
  ].join('\n');
}
