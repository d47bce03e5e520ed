/**
 * The loss curve as a self-contained SVG: training loss per step (a line), evaluation
 * loss (dots joined by a dashed line), axes labelled with the step and loss ranges.
 * `@llm/trainer/node`'s `lossCurveFile()` writes it beside the checkpoints at the end.
 *
 *   import { lossCurveSvg } from '@llm/trainer';
 *   const svg = lossCurveSvg({ losses: [3.1, 2.7, 2.4], evals: [{ step: 3, loss: 2.5 }] });
 */

export interface LossCurveData {
  /** Training loss of step 1, 2, … */
  readonly losses: readonly number[];
  readonly evals?: readonly { readonly step: number; readonly loss: number }[];
}

export interface LossCurveOptions {
  readonly width?: number;
  readonly height?: number;
  readonly title?: string;
}

const MARGIN = { left: 64, right: 16, top: 32, bottom: 40 };

export function lossCurveSvg(data: LossCurveData, options: LossCurveOptions = {}): string {
  const { width = 640, height = 360, title = 'loss' } = options;
  const train = data.losses
    .map((loss, i) => ({ step: i + 1, loss }))
    .filter((p) => Number.isFinite(p.loss));
  const evals = (data.evals ?? []).filter((p) => Number.isFinite(p.loss));
  const all = [...train, ...evals];
  const maxStep = Math.max(1, ...all.map((p) => p.step));
  const lo = all.length > 0 ? Math.min(...all.map((p) => p.loss)) : 0;
  const hi = all.length > 0 ? Math.max(...all.map((p) => p.loss)) : 1;
  const span = hi - lo || Math.abs(hi) || 1; // a flat curve still gets a height
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const x = (step: number) =>
    MARGIN.left + (maxStep === 1 ? 0 : ((step - 1) / (maxStep - 1)) * plotW);
  const y = (loss: number) => MARGIN.top + ((hi - loss) / span) * plotH;
  const points = (ps: { step: number; loss: number }[]) =>
    ps.map((p) => `${x(p.step).toFixed(2)},${y(p.loss).toFixed(2)}`).join(' ');
  const text = (tx: number, ty: number, s: string, anchor = 'start') =>
    `<text x="${tx}" y="${ty}" text-anchor="${anchor}">${escapeXml(s)}</text>`;
  const bottom = MARGIN.top + plotH;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    text(MARGIN.left, 20, title),
    `<path d="M${MARGIN.left},${MARGIN.top}V${bottom}H${MARGIN.left + plotW}" fill="none" stroke="#444"/>`,
    text(MARGIN.left - 6, MARGIN.top + 4, format(hi), 'end'),
    text(MARGIN.left - 6, bottom, format(lo), 'end'),
    text(MARGIN.left, bottom + 16, '1', 'middle'),
    text(MARGIN.left + plotW, bottom + 16, String(maxStep), 'middle'),
    text(MARGIN.left + plotW / 2, bottom + 32, 'step', 'middle'),
    train.length > 0
      ? `<polyline class="train" fill="none" stroke="#1f77b4" stroke-width="1.5" points="${points(train)}"/>`
      : '',
    evals.length > 0
      ? `<polyline class="eval" fill="none" stroke="#d62728" stroke-dasharray="4 3" points="${points(evals)}"/>`
      : '',
    ...evals.map(
      (p) =>
        `<circle class="eval" cx="${x(p.step).toFixed(2)}" cy="${y(p.loss).toFixed(2)}" r="3" fill="#d62728"/>`,
    ),
    '</svg>',
  ]
    .filter((l) => l !== '')
    .join('\n')
    .concat('\n');
}

function format(v: number): string {
  return Math.abs(v) >= 0.01 && Math.abs(v) < 1e4 ? v.toFixed(3) : v.toExponential(2);
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
