/**
 * Scaled dot-product attention, softmax(q·kᵀ·scale + bias + mask)·v, fused: one pass per
 * (batch, head) with its own backward, never materialising the broadcast mask.
 *
 *   // B batch, H heads, T queries, S keys, D head size
 *   const y = scaledDotProductAttention(q, k, v, {  // q [B,H,T,D], k [B,H,S,D], v [B,H,S,Dv]
 *     causal: true,                                 // query i sees keys j ≤ i + (S − T)
 *     keyPaddingMask: attentionMask,                // [B, S] int32, 1 = token, 0 = pad
 *     bias: positionBias,                           // broadcasts to [B,H,T,S] (T5)
 *   });                                             // → [B, H, T, Dv]
 *
 * Masked scores are set to the dtype's most negative finite value, as Hugging Face does,
 * so a fully masked row gives uniform weights rather than NaN. The causal mask is aligned
 * to the end (a KV cache of S − T earlier keys is visible to every query).
 * `scaledDotProductAttentionReference` composes the same from the basic ops: the oracle.
 */
import { record } from '../autograd.js';
import { allocate, type FloatArray, minValue } from '../dtype.js';
import { broadcastTo } from '../kernels/broadcast.js';
import { gemm } from '../kernels/gemm.js';
import { softmaxRows } from '../kernels/softmax.js';
import { sumTo } from '../op-kit/binary.js';
import { type OpCheck, rand } from '../op-kit/check.js';
import { defaultRng, type Rng } from '../rng.js';
import { fmt, ShapeError, sameShape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { add } from './add.js';
import { dropout } from './dropout.js';
import { maskedFill } from './masked-fill.js';
import { matmul } from './matmul.js';
import { mul } from './mul.js';
import { softmax } from './softmax.js';

export interface AttentionOptions {
  readonly causal?: boolean;
  /** [B, S]: 1 (or nonzero) where a key is a real token, 0 where it is padding. */
  readonly keyPaddingMask?: Tensor | null;
  /** Added to the scores before masking; broadcasts to [..., T, S]. */
  readonly bias?: Tensor | null;
  /** Default 1/√D; T5 uses 1 (its scaling lives in the initialisation). */
  readonly scale?: number;
  /** Dropout on the attention weights (training only). */
  readonly dropout?: number;
  readonly training?: boolean;
  readonly rng?: Rng;
}

function checkShapes(q: Tensor, k: Tensor, v: Tensor) {
  const bad = (why: string) =>
    new ShapeError(
      `scaledDotProductAttention: q ${fmt(q.shape)}, k ${fmt(k.shape)}, v ${fmt(v.shape)}: ${why}`,
    );
  if (q.ndim < 2 || k.ndim !== q.ndim || v.ndim !== q.ndim)
    throw bad('need the same number (≥ 2) of axes');
  const lead = q.shape.slice(0, -2);
  if (!sameShape(lead, k.shape.slice(0, -2)) || !sameShape(lead, v.shape.slice(0, -2)))
    throw bad('leading axes differ');
  if (q.shape[q.ndim - 1] !== k.shape[k.ndim - 1]) throw bad('q and k head sizes differ');
  if (k.shape[k.ndim - 2] !== v.shape[v.ndim - 2]) throw bad('k and v lengths differ');
  const T = q.shape[q.ndim - 2]!;
  const D = q.shape[q.ndim - 1]!;
  const S = k.shape[k.ndim - 2]!;
  const Dv = v.shape[v.ndim - 1]!;
  return { lead, T, D, S, Dv, batch: lead.reduce((p, d) => p * d, 1) };
}

/** [..., T, S] with 1 where a score is hidden (causal and/or padding), or null. */
function hiddenMask(
  lead: readonly number[],
  T: number,
  S: number,
  options: AttentionOptions,
): Uint8Array | null {
  const { causal = false, keyPaddingMask = null } = options;
  if (!causal && keyPaddingMask === null) return null;
  const batch = lead.reduce((p, d) => p * d, 1);
  const hidden = new Uint8Array(batch * T * S);
  if (keyPaddingMask) {
    const B = lead[0] ?? 1;
    if (!sameShape(keyPaddingMask.shape, [B, S])) {
      throw new ShapeError(
        `scaledDotProductAttention: keyPaddingMask ${fmt(keyPaddingMask.shape)}, expected [${B}, ${S}]`,
      );
    }
    const perB = batch / B; // heads (and any other axes) per batch row
    for (let t = 0; t < batch; t++) {
      const b = Math.floor(t / perB);
      for (let j = 0; j < S; j++) {
        if (keyPaddingMask.data[b * S + j] === 0)
          for (let i = 0; i < T; i++) hidden[(t * T + i) * S + j] = 1;
      }
    }
  }
  if (causal) {
    for (let t = 0; t < batch; t++) {
      for (let i = 0; i < T; i++)
        for (let j = i + (S - T) + 1; j < S; j++) hidden[(t * T + i) * S + j] = 1;
    }
  }
  return hidden;
}

export function scaledDotProductAttention(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  options: AttentionOptions = {},
): Tensor {
  const { lead, T, D, S, Dv, batch } = checkShapes(q, k, v);
  const dtype =
    q.dtype === 'float64' || k.dtype === 'float64' || v.dtype === 'float64' ? 'float64' : 'float32';
  const [qt, kt, vt] = [q, k, v].map((t) => (t.dtype === dtype ? t : t.to(dtype))) as [
    Tensor,
    Tensor,
    Tensor,
  ];
  const scale = options.scale ?? 1 / Math.sqrt(D);
  const bias = options.bias
    ? options.bias.dtype === dtype
      ? options.bias
      : options.bias.to(dtype)
    : null;
  const hidden = hiddenMask(lead, T, S, options);
  const p = options.dropout ?? 0;
  const training = options.training ?? true;
  const rng = options.rng ?? defaultRng();

  const qs = qt.data as FloatArray;
  const ks = kt.data as FloatArray;
  const vs = vt.data as FloatArray;
  const scoreShape = [...lead, T, S];
  const fullBias = bias ? (allocate(dtype, batch * T * S) as FloatArray) : null;
  if (bias && fullBias) {
    broadcastShapesOrThrow(bias.shape, scoreShape);
    broadcastTo(bias.data, bias.shape, fullBias, scoreShape);
  }
  const probs = allocate(dtype, batch * T * S) as FloatArray; // softmax output, per (batch, head)
  const kept = p > 0 && training ? new Uint8Array(batch * T * S) : null;
  const dropScale = p >= 1 ? 0 : 1 / (1 - p);
  const weights = kept ? (allocate(dtype, batch * T * S) as FloatArray) : probs; // after dropout
  const out = allocate(dtype, batch * T * Dv) as FloatArray;
  const masked = minValue(dtype);

  for (let t = 0; t < batch; t++) {
    const so = t * T * S;
    // scores = q·kᵀ (T×S)
    gemm({
      a: qs,
      b: ks,
      c: probs,
      m: T,
      n: S,
      k: D,
      transB: true,
      aOffset: t * T * D,
      bOffset: t * S * D,
      cOffset: so,
    });
    for (let i = so; i < so + T * S; i++) {
      let s = probs[i]! * scale;
      if (fullBias) s += fullBias[i]!;
      if (hidden?.[i]) s = masked;
      probs[i] = s;
    }
    softmaxRows(probs.subarray(so, so + T * S), probs.subarray(so, so + T * S), T, S, false);
    if (kept) {
      for (let i = so; i < so + T * S; i++) {
        if (rng.uniform() >= p) {
          kept[i] = 1;
          weights[i] = probs[i]! * dropScale;
        } else weights[i] = 0;
      }
    }
    // out = weights·v (T×Dv)
    gemm({
      a: weights,
      b: vs,
      c: out,
      m: T,
      n: Dv,
      k: S,
      aOffset: so,
      bOffset: t * S * Dv,
      cOffset: t * T * Dv,
    });
  }

  const inputs = bias ? [qt, kt, vt, bias] : [qt, kt, vt];
  return record(new Tensor(out, [...lead, T, Dv]), 'scaledDotProductAttention', inputs, (g) => {
    const gs = g.data as FloatArray;
    const gq = allocate(dtype, qt.size) as FloatArray;
    const gk = allocate(dtype, kt.size) as FloatArray;
    const gv = allocate(dtype, vt.size) as FloatArray;
    const gScores = allocate(dtype, batch * T * S) as FloatArray;
    const gW = allocate(dtype, T * S) as FloatArray;
    for (let t = 0; t < batch; t++) {
      const so = t * T * S;
      // dV = Wᵀ·dY ;  dW = dY·Vᵀ
      gemm({
        a: weights,
        b: gs,
        c: gv,
        m: S,
        n: Dv,
        k: T,
        transA: true,
        aOffset: so,
        bOffset: t * T * Dv,
        cOffset: t * S * Dv,
      });
      gemm({
        a: gs,
        b: vs,
        c: gW,
        m: T,
        n: S,
        k: Dv,
        transB: true,
        aOffset: t * T * Dv,
        bOffset: t * S * Dv,
      });
      for (let i = 0; i < T; i++) {
        // through dropout, then the softmax: dS = P ⊙ (dP − Σ_j dP_j P_j)
        let dot = 0;
        for (let j = 0; j < S; j++) {
          const idx = i * S + j;
          const dP = kept ? (kept[so + idx] ? gW[idx]! * dropScale : 0) : gW[idx]!;
          gW[idx] = dP;
          dot += dP * probs[so + idx]!;
        }
        for (let j = 0; j < S; j++) {
          const idx = so + i * S + j;
          gScores[idx] = hidden?.[idx] ? 0 : probs[idx]! * (gW[i * S + j]! - dot);
        }
      }
      // scores = scale·Q·Kᵀ:  dQ = scale·dS·K ;  dK = scale·dSᵀ·Q
      gemm({
        a: gScores,
        b: ks,
        c: gq,
        m: T,
        n: D,
        k: S,
        aOffset: so,
        bOffset: t * S * D,
        cOffset: t * T * D,
      });
      gemm({
        a: gScores,
        b: qs,
        c: gk,
        m: S,
        n: D,
        k: T,
        transA: true,
        aOffset: so,
        bOffset: t * T * D,
        cOffset: t * S * D,
      });
    }
    for (let i = 0; i < gq.length; i++) gq[i] = gq[i]! * scale;
    for (let i = 0; i < gk.length; i++) gk[i] = gk[i]! * scale;
    const grads: Tensor[] = [
      new Tensor(gq, qt.shape),
      new Tensor(gk, kt.shape),
      new Tensor(gv, vt.shape),
    ];
    if (bias) grads.push(sumTo(new Tensor(gScores, scoreShape), bias.shape));
    return grads;
  });
}

function broadcastShapesOrThrow(shape: readonly number[], target: readonly number[]) {
  const offset = target.length - shape.length;
  const ok = offset >= 0 && shape.every((d, i) => d === 1 || d === target[i + offset]);
  if (!ok)
    throw new ShapeError(
      `scaledDotProductAttention: bias ${fmt(shape)} does not broadcast to scores ${fmt(target)}`,
    );
}

/** The same attention composed from matmul, softmax and masking — the oracle. */
export function scaledDotProductAttentionReference(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  options: AttentionOptions = {},
): Tensor {
  const { lead, T, D, S } = checkShapes(q, k, v);
  let scores = mul(matmul(q, k, { transB: true }), options.scale ?? 1 / Math.sqrt(D));
  if (options.bias) scores = add(scores, options.bias);
  const hidden = hiddenMask(lead, T, S, options);
  if (hidden)
    scores = maskedFill(
      scores,
      new Tensor(Int32Array.from(hidden), [...lead, T, S]),
      minValue(scores.dtype),
    );
  let weights = softmax(scores, -1);
  if (options.dropout)
    weights = dropout(weights, options.dropout, {
      training: options.training ?? true,
      rng: options.rng ?? defaultRng(),
    });
  return matmul(weights, v);
}

const padding = () =>
  new Tensor(Int32Array.from([1, 1, 1, 1, 1, 1, 1, 0, 0]), [1, 9]).reshape(1, 9);

export const scaledDotProductAttentionChecks: OpCheck[] = [
  {
    name: 'attention (plain)',
    inputs: (r) => [rand(r, [2, 2, 3, 4]), rand(r, [2, 2, 5, 4]), rand(r, [2, 2, 5, 3])],
    run: (q, k, v) => scaledDotProductAttention(q, k, v),
  },
  {
    name: 'attention (causal, cache offset)',
    inputs: (r) => [rand(r, [1, 2, 3, 4]), rand(r, [1, 2, 5, 4]), rand(r, [1, 2, 5, 4])],
    run: (q, k, v) => scaledDotProductAttention(q, k, v, { causal: true }),
  },
  {
    name: 'attention (padding, bias, scale 1)',
    inputs: (r) => [
      rand(r, [1, 2, 4, 3]),
      rand(r, [1, 2, 9, 3]),
      rand(r, [1, 2, 9, 3]),
      rand(r, [1, 2, 4, 9]),
    ],
    run: (q, k, v, b) =>
      scaledDotProductAttention(q, k, v, { keyPaddingMask: padding(), bias: b, scale: 1 }),
  },
];
