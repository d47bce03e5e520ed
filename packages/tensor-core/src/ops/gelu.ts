/**
 * GELU, x·Φ(x) — exact (erf, BERT / T5's "gelu") or the tanh approximation (GPT-2's
 * "gelu_new"), as torch.nn.functional.gelu(x, approximate=...).
 *
 *   gelu(tensor([-1, 0, 1])).toArray();          // [-0.1587, 0, 0.8413]
 *   gelu(tensor([-1, 0, 1]), 'tanh').toArray();
 */
import { erf } from '../kernels/erf.js';
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
