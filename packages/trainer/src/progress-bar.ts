/**
 * The progress bar: step, loss, lr, tokens/s and ETA — redrawn in place on a terminal,
 * plain periodic lines in a log (CI, a file). Rendering is a pure function of the state,
 * and the clock and the writer are injected, so both are testable; `@llm/trainer/node`'s
 * `terminalProgress()` wires it to stderr.
 *
 *   import { ProgressBar, renderProgress } from '@llm/trainer';
 *   renderProgress({ step: 50, totalSteps: 200, loss: 2.5, lr: 3e-4, tokensPerSecond: 4100, etaSeconds: 75 }, 72);
 *   // 'step 50/200 [=====>               ]  25% loss 2.5000 lr 3.00e-4 4,100 tok/s ETA 1:15'
 *   const bar = new ProgressBar({ write: (s) => process.stderr.write(s), isTTY: false });
 *   await train({ ..., callbacks: [bar] });
 */
import type { EvalInfo, StepInfo, TrainCallbacks, TrainResult } from './train.js';

export interface ProgressState {
  readonly step: number;
  readonly totalSteps: number;
  readonly loss: number;
  readonly lr: number;
  readonly tokensPerSecond: number;
  /** Seconds left; null when not known yet. */
  readonly etaSeconds: number | null;
}

/** One line, at most `width` characters when the bar fits (the bar shrinks first). */
export function renderProgress(state: ProgressState, width = 80): string {
  const { step, totalSteps, loss, lr, tokensPerSecond, etaSeconds } = state;
  const fraction = totalSteps > 0 ? Math.min(1, step / totalSteps) : 1;
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  const head = `step ${step}/${totalSteps}`;
  const tail = [
    percent,
    `loss ${Number.isFinite(loss) ? loss.toFixed(4) : String(loss)}`,
    `lr ${lr.toExponential(2)}`,
    `${Math.round(tokensPerSecond).toLocaleString('en-US')} tok/s`,
    `ETA ${etaSeconds === null ? '?' : formatDuration(etaSeconds)}`,
  ].join(' ');
  const room = width - head.length - tail.length - 4; // spaces and brackets
  if (room < 5) return `${head} ${tail}`;
  const filled = Math.floor(fraction * room);
  const bar =
    filled >= room ? '='.repeat(room) : `${'='.repeat(filled)}>${' '.repeat(room - filled - 1)}`;
  return `${head} [${bar}] ${tail}`;
}

/** 75 → '1:15', 3725 → '1:02:05'. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export interface ProgressBarOptions {
  readonly write: (text: string) => void;
  /** Redraw one line in place (true) or print plain lines periodically (false). */
  readonly isTTY: boolean;
  /** Milliseconds since some origin (default Date.now). */
  readonly now?: () => number;
  /** Non-TTY: seconds between lines (default 10; the first and last step always print). */
  readonly intervalSeconds?: number;
  /** Terminal width (default 80). */
  readonly width?: number;
}

export class ProgressBar implements TrainCallbacks {
  private readonly now: () => number;
  private readonly interval: number;
  private readonly width: number;
  private start = 0;
  private startStep = 0;
  private tokens = 0;
  private lastLine = Number.NEGATIVE_INFINITY;
  private drawn = false;

  constructor(private readonly options: ProgressBarOptions) {
    this.now = options.now ?? Date.now;
    this.interval = (options.intervalSeconds ?? 10) * 1000;
    this.width = options.width ?? 80;
  }

  onStart(info: { startStep: number }): void {
    this.start = this.now();
    this.startStep = info.startStep;
    this.tokens = 0;
  }

  onStep(info: StepInfo): void {
    const t = this.now();
    this.tokens += info.tokens;
    const seconds = (t - this.start) / 1000;
    const done = info.step - this.startStep;
    const state: ProgressState = {
      step: info.step,
      totalSteps: info.totalSteps,
      loss: info.loss,
      lr: info.lr,
      tokensPerSecond: seconds > 0 ? this.tokens / seconds : 0,
      etaSeconds: seconds > 0 && done > 0 ? ((info.totalSteps - info.step) * seconds) / done : null,
    };
    const line = renderProgress(state, this.width) + (info.skipped ? ' (skipped: not finite)' : '');
    if (this.options.isTTY) {
      this.options.write(`\r${line}\x1b[K`);
      this.drawn = true;
    } else if (
      info.skipped ||
      info.step === info.totalSteps ||
      done === 1 ||
      t - this.lastLine >= this.interval
    ) {
      this.options.write(`${line}\n`);
      this.lastLine = t;
    }
  }

  onEval(info: EvalInfo): void {
    this.line(
      `eval at step ${info.step}: loss ${info.loss.toFixed(4)} (best ${info.best.toFixed(4)})`,
    );
  }

  onCheckpoint(info: { step: number; where: string }): void {
    this.line(`checkpoint at step ${info.step}: ${info.where}`);
  }

  onEnd(result: TrainResult): void {
    if (result.stoppedEarly) this.line(`stopped early: ${result.stoppedEarly}`);
    else if (this.drawn) this.options.write('\n');
    this.drawn = false;
  }

  /** A line of its own; on a terminal the bar is redrawn below it on the next step. */
  private line(text: string): void {
    this.options.write(this.options.isTTY && this.drawn ? `\r\x1b[K${text}\n` : `${text}\n`);
    this.drawn = false;
  }
}
