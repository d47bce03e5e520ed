/**
 * The progress bar on stderr: redrawn in place on a terminal, a plain line every
 * `intervalSeconds` otherwise (a CI log, a redirected file).
 *
 *   import { terminalProgress } from '@llm/trainer/node';
 *   await train({ ..., callbacks: [terminalProgress()] });
 */
import { ProgressBar } from '../progress-bar.js';

export function terminalProgress(
  options: { intervalSeconds?: number; stream?: NodeJS.WriteStream } = {},
): ProgressBar {
  const stream = options.stream ?? process.stderr;
  return new ProgressBar({
    write: (s) => stream.write(s),
    isTTY: stream.isTTY === true,
    width: Math.max(40, (stream.columns ?? 80) - 1),
    ...(options.intervalSeconds !== undefined ? { intervalSeconds: options.intervalSeconds } : {}),
  });
}
