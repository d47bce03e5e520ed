/**
 * Cross-entropy between logits [..., C] and int32 class targets [...], fused with the
 * log-softmax — torch.nn.functional.cross_entropy with `ignore_index`, `reduction` and
 * `label_smoothing`. With 'mean', the loss is divided by the number of targets that are
 * not ignored (0/0 = NaN when all are, as PyTorch).
 *
 *   crossEntropy(logits.view(-1, V), labels.view(-1), { ignoreIndex: -100 });
 */
import { record } from '../autograd.js';
import { allocate } from '../dtype.js';
import { type OpCheck, rand, randInt } from '../op-kit/check.js';
import { fmt, ShapeError, sameShape } from '../shape.js';
import { Tensor } from '../tensor.js';

export interface CrossEntropyOptions {
  /** Targets equal to this contribute no loss and no gradient (default -100, as PyTorch). */
  readonly ignoreIndex?: number;
  readonly reduction?: 'mean' | 'sum' | 'none';
  /** Mixes the one-hot target with the uniform distribution (default 0). */
  readonly labelSmoothing?: number;
}

export function crossEntropy(
  logits: Tensor,
  target: Tensor,
  options: CrossEntropyOptions = {},
): Tensor {
  const { ignoreIndex = -100, reduction = 'mean', labelSmoothing: eps = 0 } = options;
  if (logits.ndim < 1) throw new ShapeError('crossEntropy: logits need a class axis');
  if (target.dtype !== 'int32')
    throw new TypeError('crossEntropy: targets must be int32 class indices');
  const C = logits.shape[logits.ndim - 1]!;
  if (!sameShape(target.shape, logits.shape.slice(0, -1))) {
    throw new ShapeError(
      `crossEntropy: logits ${fmt(logits.shape)} need targets of shape ${fmt(logits.shape.slice(0, -1))}, got ${fmt(target.shape)}`,
    );
  }
  const x = logits.dtype === 'int32' ? logits.to('float32') : logits;
  const N = target.size;
  const xs = x.data;
  const ts = target.data;
  const losses = new Float64Array(N);
  const lse = new Float64Array(N);
  let count = 0;
  for (let r = 0; r < N; r++) {
    const t = ts[r]!;
    if (t === ignoreIndex) continue;
    if (t < 0 || t >= C)
      throw new RangeError(
        `crossEntropy: target ${t} at position ${r} is out of range for ${C} classes`,
      );
    const o = r * C;
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < C; j++) if (xs[o + j]! > max) max = xs[o + j]!;
    let sum = 0;
    let total = 0;
    for (let j = 0; j < C; j++) {
      sum += Math.exp(xs[o + j]! - max);
      total += xs[o + j]!;
    }
    const l = max + Math.log(sum);
    lse[r] = l;
    // −log p_t, smoothed: (1 − ε)(l − x_t) + ε/C · Σ_j (l − x_j)
    losses[r] = (1 - eps) * (l - xs[o + t]!) + (eps / C) * (C * l - total);
    count++;
  }
  let out: Tensor;
  if (reduction === 'none') {
    const data = allocate(x.dtype, N);
    data.set(losses);
    out = new Tensor(data, target.shape);
  } else {
    let total = 0;
    for (let r = 0; r < N; r++) total += losses[r]!;
    const value = reduction === 'sum' ? total : total / count;
    out = new Tensor(allocate(x.dtype, 1).fill(value), []);
  }
  return record(out, 'crossEntropy', [x], (g) => {
    // d loss_r / d x_rj = softmax_j − ((1 − ε)·[j = t] + ε/C), times the upstream scale
    const gx = allocate(x.dtype, x.size);
    for (let r = 0; r < N; r++) {
      const t = ts[r]!;
      if (t === ignoreIndex) continue;
      const scale =
        reduction === 'none' ? g.data[r]! : reduction === 'sum' ? g.data[0]! : g.data[0]! / count;
      const o = r * C;
      const l = lse[r]!;
      for (let j = 0; j < C; j++) gx[o + j] = scale * (Math.exp(xs[o + j]! - l) - eps / C);
      gx[o + t] = gx[o + t]! - scale * (1 - eps);
    }
    return [new Tensor(gx, x.shape)];
  });
}

const withIgnored = (r: Parameters<OpCheck['inputs']>[0]) => {
  const t = randInt(r, [6], 5);
  t.data[2] = -100;
  return t;
};

export const crossEntropyChecks: OpCheck[] = [
  {
    name: 'crossEntropy (mean, ignoreIndex)',
    inputs: (r) => [rand(r, [6, 5], -2, 2), withIgnored(r)],
    run: (x, t) => crossEntropy(x, t),
  },
  {
    name: 'crossEntropy (sum, 3-D)',
    inputs: (r) => [rand(r, [2, 3, 4], -2, 2), randInt(r, [2, 3], 4)],
    run: (x, t) => crossEntropy(x, t, { reduction: 'sum' }),
  },
  {
    name: 'crossEntropy (none, smoothing)',
    inputs: (r) => [rand(r, [4, 3], -2, 2), randInt(r, [4], 3)],
    run: (x, t) => crossEntropy(x, t, { reduction: 'none', labelSmoothing: 0.1 }),
  },
];
