/**
 * GELU, x·Φ(x) — exact (erf, BERT / T5's "gelu") or the tanh approximation (GPT-2's
 * "gelu_new"), as torch.nn.functional.gelu(x, approximate=...).
 *
 *   gelu(tensor([-1, 0, 1])).toArray();          // [-0.1587, 0, 0.8413]
 *   gelu(tensor([-1, 0, 1]), 'tanh').toArray();
 */
import { type OpCheck, rand } from '../op-kit/check.js';
import { unaryOp } from '../op-kit/unary.js';
import type { Tensor } from '../tensor.js';

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 0.3989422804014327;
const K = 0.7978845608028654; // √(2/π)

const geluErf = unaryOp({
  name: 'gelu',
  f: (x) => 0.5 * x * (1 + erf(x * SQRT1_2)),
  // d/dx xΦ(x) = Φ(x) + x φ(x)
  df: (x) => 0.5 * (1 + erf(x * SQRT1_2)) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x),
  // gpu.js has no erf: Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7, below float32's ulp at 1)
  gpu: `const z = Math.abs(x) * 0.7071067811865476;
    const t = 1 / (1 + 0.3275911 * z);
    const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
    let e = 1 - poly * Math.exp(-z * z);
    if (x < 0) { e = -e; }
    return 0.5 * x * (1 + e);`,
});

const geluTanh = unaryOp({
  name: 'gelu_tanh',
  f: (x) => 0.5 * x * (1 + Math.tanh(K * (x + 0.044715 * x * x * x))),
  df: (x) => {
    const u = K * (x + 0.044715 * x * x * x);
    const t = Math.tanh(u);
    return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * K * (1 + 3 * 0.044715 * x * x);
  },
  gpu: `const t = Math.tanh(0.7978845608028654 * (x + 0.044715 * x * x * x));
    return 0.5 * x * (1 + t);`,
});

export function gelu(x: Tensor, approximate: 'none' | 'tanh' = 'none'): Tensor {
  if (approximate === 'tanh') return geluTanh(x);
  if (approximate !== 'none')
    throw new Error(`gelu: approximate must be 'none' or 'tanh', got '${approximate}'`);
  return geluErf(x);
}

/**
 * The error function to double precision — JavaScript's Math has none, and GELU's exact
 * form needs it (its float64 gradient check needs it accurate to ~1e-13).
 *
 *   erf(0.5);   // 0.5204998778130465
 *
 * Maclaurin series below |x| = 2.5 (terms alternate; at most ~3 digits cancel), and the
 * continued fraction for erfc above it, evaluated by the modified Lentz method.
 */
const TWO_OVER_SQRT_PI = 1.1283791670955126;

export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 2.5) {
    // erf x = 2/√π Σ (-1)^n x^(2n+1) / (n! (2n+1))
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let n = 1; n < 100; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return TWO_OVER_SQRT_PI * sum;
  }
  if (ax > 6) return x > 0 ? 1 : -1; // erfc(6) ≈ 2e-17
  return x > 0 ? 1 - erfcLarge(ax) : erfcLarge(ax) - 1;
}

/** erfc(x) for x ≥ 2.5: e^(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))). */
function erfcLarge(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 200; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? tiny : 1 / d;
    c = x + a / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (f * Math.sqrt(Math.PI));
}

export const geluChecks: OpCheck[] = [
  {
    name: 'gelu (erf)',
    inputs: (rng) => [rand(rng, [4, 6], -4, 4)],
    run: (x) => gelu(x),
    gpu: true,
  },
  {
    name: 'gelu (tanh)',
    inputs: (rng) => [rand(rng, [4, 6], -4, 4)],
    run: (x) => gelu(x, 'tanh'),
    gpu: true,
  },
];
