/**
 * Dropout: in training, zero each value with probability p and scale the rest by
 * 1/(1 − p); in evaluation, the identity. The mask comes from the seeded generator.
 *
 *   dropout(x, 0.1, { training: true, rng });
 */
import { record } from '../autograd.js';
import { allocate } from '../dtype.js';
import { type OpCheck, rand } from '../op-kit/check.js';
import { defaultRng, Rng } from '../rng.js';
import { Tensor } from '../tensor.js';

export interface DropoutOptions {
  /** Default true, as torch.nn.functional.dropout; modules pass their train/eval mode. */
  readonly training?: boolean;
  readonly rng?: Rng;
}

export function dropout(x: Tensor, p: number, options: DropoutOptions = {}): Tensor {
  const { training = true, rng = defaultRng() } = options;
  if (!(p >= 0 && p <= 1)) throw new RangeError(`dropout: p must be in [0, 1], got ${p}`);
  if (!training || p === 0) return x;
  const keep = new Uint8Array(x.size);
  const scale = p === 1 ? 0 : 1 / (1 - p);
  const y = allocate(x.dtype, x.size);
  for (let i = 0; i < x.size; i++) {
    if (rng.uniform() >= p) {
      keep[i] = 1;
      y[i] = x.data[i]! * scale;
    }
  }
  return record(new Tensor(y, x.shape), 'dropout', [x], (g) => {
    const gx = allocate(x.dtype, x.size);
    for (let i = 0; i < x.size; i++) if (keep[i]) gx[i] = g.data[i]! * scale;
    return [new Tensor(gx, x.shape)];
  });
}

// A fresh generator per call, so every finite-difference evaluation sees the same mask.
export const dropoutChecks: OpCheck[] = [
  {
    name: 'dropout (p = 0.3)',
    inputs: (r) => [rand(r, [4, 5])],
    run: (x) => dropout(x, 0.3, { rng: new Rng(7) }),
  },
];
