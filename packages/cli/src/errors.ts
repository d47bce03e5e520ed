/**
 * The two ways a command fails, and the exit code each maps to.
 *
 *   throw new UsageError("unknown flag '--foo'");   // exit 2: the command line is wrong
 *   throw new CliError("cannot read 'x.json'");     // exit 1: the input or the run failed
 *
 * Both print as one line `llm: <message>` on stderr, never a stack trace.
 */
export class CliError extends Error {
  readonly exitCode: number = 1;
  override readonly name: string = 'CliError';
}

/** A malformed command line: unknown command or flag, a missing or ill-typed value. */
export class UsageError extends CliError {
  override readonly exitCode: number = 2;
  override readonly name: string = 'UsageError';
}
