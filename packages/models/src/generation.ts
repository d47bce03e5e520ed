/**
 * Text generation for any model that can start a decoding state: greedy, sampling
 * (temperature, top-k, top-p), repetition penalty, min / max new tokens, stop tokens,
 * beam search (number of beams, length penalty, early stopping) with KV-cache reordering,
 * batched prompts (left padding), and streaming.
 *
 *   const [tokens] = generate(gpt, ids, { maxNewTokens: 20, strategy: 'sample', temperature: 0.8, topK: 40, seed: 1 });
 *   for await (const id of streamGenerate(gpt, ids, { maxNewTokens: 20 })) process.stdout.write(decode([id]));
 *
 * Shapes: B rows (prompts, or prompts × beams), V vocab.
 */
import { noGrad, Rng, type Tensor, tensor } from '@llm/tensor-core';

/** What a model hands the decoding loop: next-token logits, advanced one token at a time. */
export interface GenerationState {
  /** [B, V]: the next token's logits for every row. */
  readonly logits: Tensor;
  /** Appends one token per row and computes the next logits. */
  step(next: Int32Array): void;
  /** Keeps rows in this order (beam search): caches, histories and logits. */
  reorder(rows: Int32Array): void;
}

/** Any model that can generate (Gpt, T5ForConditionalGeneration, …). */
/** How a decoding run starts: the prompt's padding and whether to keep a KV cache. */
export interface GenerationStart {
  /** [B, T]: 1 for tokens, 0 for (left) padding. */
  readonly attentionMask?: Tensor;
  /** Default true; false re-runs the whole sequence each step (the cache's oracle). */
  readonly useCache?: boolean;
}

export interface GenerativeModel {
  startGeneration(inputIds: Tensor, options?: GenerationStart): GenerationState;
  readonly config: { eosTokenId?: number; padTokenId?: number };
}

export interface GenerateOptions {
  readonly maxNewTokens: number;
  /** EOS and stop tokens are suppressed until this many tokens exist (default 0). */
  readonly minNewTokens?: number;
  readonly strategy?: 'greedy' | 'sample' | 'beam';
  readonly temperature?: number;
  readonly topK?: number;
  readonly topP?: number;
  /** > 1 discourages tokens already in the row (prompt included), as HF's CTRL rule. */
  readonly repetitionPenalty?: number;
  /** Stops a row (the token is kept); default: the model's eosTokenId. null: never. */
  readonly eosTokenId?: number | null;
  readonly stopTokens?: readonly number[];
  readonly numBeams?: number;
  /** Beam scores are Σ log p / length^lengthPenalty (default 1). */
  readonly lengthPenalty?: number;
  /** Stop as soon as numBeams hypotheses have finished (default false: until none can improve). */
  readonly earlyStopping?: boolean;
  readonly seed?: number;
  readonly rng?: Rng;
  /** [B, T] 1 for prompt tokens, 0 for (left) padding. */
  readonly attentionMask?: Tensor;
  readonly useCache?: boolean;
}

/** The new tokens of each row (up to and including a stop token). */
export function generate(
  model: GenerativeModel,
  inputIds: Tensor,
  options: GenerateOptions,
): number[][] {
  const run = decodeLoop(model, inputIds, options);
  let r = run.next();
  while (!r.done) r = run.next();
  return r.value.rows;
}

/** One row's tokens as they are generated (batch of 1; not beam search). */
export async function* streamGenerate(
  model: GenerativeModel,
  inputIds: Tensor,
  options: GenerateOptions,
): AsyncGenerator<number> {
  if ((options.strategy ?? 'greedy') === 'beam')
    throw new Error('streamGenerate: beam search cannot stream (its best row changes)');
  if (inputIds.shape[0] !== 1) throw new Error('streamGenerate: one prompt at a time');
  let emitted = 0;
  for (const { rows } of iterate(decodeLoop(model, inputIds, options))) {
    const row = rows[0]!;
    while (emitted < row.length) yield row[emitted++]!;
    await new Promise((resolve) => setTimeout(resolve, 0)); // let the consumer run between tokens
  }
}

function* iterate<T>(g: Generator<T, unknown>) {
  for (let r = g.next(); !r.done; r = g.next()) yield r.value;
}

interface Progress {
  rows: number[][];
}

/** Yields the tokens so far after every step. */
function* decodeLoop(
  model: GenerativeModel,
  inputIds: Tensor,
  o: GenerateOptions,
): Generator<Progress, Progress> {
  const strategy = o.strategy ?? 'greedy';
  if (!Number.isInteger(o.maxNewTokens) || o.maxNewTokens < 0)
    throw new RangeError(
      `generate: maxNewTokens must be a non-negative integer, got ${o.maxNewTokens}`,
    );
  if (strategy === 'beam') return yield* beamSearch(model, inputIds, o);
  const [B, T] = inputIds.shape as [number, number];
  const rng = o.rng ?? new Rng(o.seed ?? 0);
  const eos = o.eosTokenId === undefined ? model.config.eosTokenId : o.eosTokenId;
  const stops = new Set([
    ...(o.stopTokens ?? []),
    ...(eos === null || eos === undefined ? [] : [eos]),
  ]);
  const history = Array.from({ length: B }, (_, b) =>
    Array.from(inputIds.data.subarray(b * T, (b + 1) * T)),
  );
  const out: number[][] = Array.from({ length: B }, () => []);
  const done = new Array<boolean>(B).fill(false);
  if (o.maxNewTokens === 0) return { rows: out };
  const state = noGrad(() =>
    model.startGeneration(inputIds, { attentionMask: o.attentionMask, useCache: o.useCache }),
  );
  for (let step = 0; step < o.maxNewTokens; step++) {
    const V = state.logits.shape[1]!;
    const next = new Int32Array(B);
    for (let b = 0; b < B; b++) {
      const logits = Float64Array.from(state.logits.data.subarray(b * V, (b + 1) * V));
      shapeLogits(logits, history[b]!, o, step, stops);
      next[b] = done[b]
        ? (model.config.padTokenId ?? 0)
        : strategy === 'sample'
          ? sample(logits, o, rng)
          : argmax(logits);
      if (!done[b]) {
        out[b]!.push(next[b]!);
        history[b]!.push(next[b]!);
        if (stops.has(next[b]!)) done[b] = true;
      }
    }
    yield { rows: out };
    if (done.every(Boolean) || step === o.maxNewTokens - 1) break;
    noGrad(() => state.step(next));
  }
  return { rows: out };
}

/** Repetition penalty, then min-length suppression of stop tokens (HF's processor order). */
function shapeLogits(
  logits: Float64Array,
  history: readonly number[],
  o: GenerateOptions,
  step: number,
  stops: Set<number>,
) {
  const p = o.repetitionPenalty ?? 1;
  if (p !== 1) {
    for (const id of new Set(history))
      logits[id] = logits[id]! < 0 ? logits[id]! * p : logits[id]! / p;
  }
  if (step < (o.minNewTokens ?? 0)) for (const id of stops) logits[id] = Number.NEGATIVE_INFINITY;
}

function argmax(x: Float64Array): number {
  let best = 0;
  for (let i = 1; i < x.length; i++) if (x[i]! > x[best]!) best = i;
  return best;
}

/** Temperature, then top-k, then top-p (nucleus), then a seeded draw — HF's order. */
function sample(logits: Float64Array, o: GenerateOptions, rng: Rng): number {
  const temperature = o.temperature ?? 1;
  if (temperature <= 0) return argmax(logits);
  const order = Array.from(logits.keys()).sort((a, b) => logits[b]! - logits[a]!);
  const k = Math.min(o.topK && o.topK > 0 ? o.topK : order.length, order.length);
  const kept = order.slice(0, k);
  const max = logits[kept[0]!]!;
  let probs = kept.map((i) => Math.exp((logits[i]! - max) / temperature));
  let total = probs.reduce((s, p) => s + p, 0);
  probs = probs.map((p) => p / total);
  if (o.topP !== undefined && o.topP < 1) {
    // keep the smallest prefix whose mass reaches topP (at least one token)
    let mass = 0;
    let cut = probs.length;
    for (let i = 0; i < probs.length; i++) {
      mass += probs[i]!;
      if (mass >= o.topP) {
        cut = i + 1;
        break;
      }
    }
    probs = probs.slice(0, cut);
    total = probs.reduce((s, p) => s + p, 0);
    probs = probs.map((p) => p / total);
  }
  let u = rng.uniform();
  for (let i = 0; i < probs.length; i++) {
    u -= probs[i]!;
    if (u < 0) return kept[i]!;
  }
  return kept[probs.length - 1]!;
}

/**
 * Beam search: each prompt keeps numBeams hypotheses ranked by Σ log p; a hypothesis that
 * emits a stop token is finished and scored Σ log p / length^lengthPenalty. Returns each
 * prompt's best finished hypothesis (or best open one when none finished).
 */
function* beamSearch(
  model: GenerativeModel,
  inputIds: Tensor,
  o: GenerateOptions,
): Generator<Progress, Progress> {
  const [B, T] = inputIds.shape as [number, number];
  const K = o.numBeams ?? 4;
  const alpha = o.lengthPenalty ?? 1;
  const eos = o.eosTokenId === undefined ? model.config.eosTokenId : o.eosTokenId;
  const stops = new Set([
    ...(o.stopTokens ?? []),
    ...(eos === null || eos === undefined ? [] : [eos]),
  ]);
  // every prompt repeated K times: rows b·K … b·K + K − 1
  const repeat = Int32Array.from({ length: B * K }, (_, i) => Math.floor(i / K));
  const ids = tensor(repeat, [B * K]);
  const state = noGrad(() =>
    model.startGeneration(inputIds.indexSelect(0, ids), {
      attentionMask: o.attentionMask?.indexSelect(0, ids),
      useCache: o.useCache,
    }),
  );
  const histories = Array.from(repeat, (b) =>
    Array.from(inputIds.data.subarray(b * T, (b + 1) * T)),
  );
  let tokens: number[][] = Array.from({ length: B * K }, () => []);
  // only the first beam of each prompt is live at the start (the others are copies)
  let scores = Float64Array.from({ length: B * K }, (_, i) =>
    i % K === 0 ? 0 : Number.NEGATIVE_INFINITY,
  );
  const finished: { tokens: number[]; score: number }[][] = Array.from({ length: B }, () => []);
  const closed = new Array<boolean>(B).fill(false);
  for (let step = 0; step < o.maxNewTokens; step++) {
    const V = state.logits.shape[1]!;
    const rows = new Int32Array(B * K);
    const next = new Int32Array(B * K);
    const nextScores = new Float64Array(B * K);
    const nextTokens: number[][] = [];
    for (let b = 0; b < B; b++) {
      const candidates: { row: number; token: number; score: number }[] = [];
      for (let k = 0; k < K; k++) {
        const row = b * K + k;
        if (scores[row] === Number.NEGATIVE_INFINITY) continue;
        const logits = Float64Array.from(state.logits.data.subarray(row * V, (row + 1) * V));
        shapeLogits(logits, histories[row]!, o, step, stops);
        const logp = logSoftmax(logits);
        // the 2K best continuations of this beam are enough to fill K open beams
        for (const token of topIndices(logp, 2 * K))
          candidates.push({ row, token, score: scores[row]! + logp[token]! });
      }
      candidates.sort((x, y) => y.score - x.score);
      let filled = 0;
      for (const c of candidates) {
        if (filled === K) break;
        const seq = [...tokens[c.row]!, c.token];
        if (stops.has(c.token)) {
          if (!closed[b]) finished[b]!.push({ tokens: seq, score: c.score / seq.length ** alpha });
          continue;
        }
        const row = b * K + filled++;
        rows[row] = c.row;
        next[row] = c.token;
        nextScores[row] = c.score;
        nextTokens[row] = seq;
      }
      for (; filled < K; filled++) {
        const row = b * K + filled;
        rows[row] = b * K;
        nextScores[row] = Number.NEGATIVE_INFINITY;
        nextTokens[row] = [...tokens[b * K]!];
      }
      // done when enough hypotheses finished and (unless early stopping) no open one can beat them
      const best =
        finished[b]!.length >= K
          ? Math.min(
              ...finished[b]!.sort((x, y) => y.score - x.score)
                .slice(0, K)
                .map((h) => h.score),
            )
          : null;
      if (best !== null) {
        const open = Math.max(...Array.from({ length: K }, (_, k) => nextScores[b * K + k]!));
        const length = tokens[b * K]!.length + 1;
        if (o.earlyStopping || open / length ** alpha <= best) closed[b] = true;
      }
    }
    scores = nextScores;
    tokens = nextTokens;
    for (let i = 0; i < B * K; i++) histories[i] = [...histories[rows[i]!]!, next[i]!];
    yield { rows: bestRows() };
    if (closed.every(Boolean) || step === o.maxNewTokens - 1) break;
    noGrad(() => {
      state.reorder(rows);
      state.step(next);
    });
  }
  return { rows: bestRows() };

  function bestRows(): number[][] {
    return Array.from({ length: B }, (_, b) => {
      const open = Array.from({ length: K }, (_, k) => ({
        tokens: tokens[b * K + k]!,
        score: scores[b * K + k]! / Math.max(1, tokens[b * K + k]!.length) ** alpha,
      }));
      const all = [...finished[b]!, ...(finished[b]!.length ? [] : open)].filter((h) =>
        Number.isFinite(h.score),
      );
      all.sort((x, y) => y.score - x.score);
      return all[0]?.tokens ?? [];
    });
  }
}

function logSoftmax(x: Float64Array): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of x) if (v > max) max = v;
  let sum = 0;
  for (const v of x) sum += Math.exp(v - max);
  const lse = max + Math.log(sum);
  return x.map((v) => v - lse);
}

function topIndices(x: Float64Array, n: number): number[] {
  return Array.from(x.keys())
    .filter((i) => x[i] !== Number.NEGATIVE_INFINITY)
    .sort((a, b) => x[b]! - x[a]!)
    .slice(0, n);
}
