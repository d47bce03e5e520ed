/**
 * Unigram (SentencePiece) training, after HF's trainer: seed pieces from frequent
 * substrings, then alternate EM re-estimation (expected counts by forward-backward over
 * each word's lattice, digamma-smoothed M-step) with pruning of the pieces whose loss to
 * the corpus likelihood is smallest, until the vocabulary fits.
 *
 *   const trainer = new UnigramTrainer({ vocabSize: 500, specialTokens: ['<unk>'], unkToken: '<unk>' });
 *   trainer.feed(lines, (line) => tokenizer.wordsOf(line));
 *   const { model } = trainer.train();   // a Unigram model
 *
 * Deterministic (every tie is broken by content), so it does not reproduce HF's output
 * piece for piece: HF walks hash sets whose order varies from run to run.
 */
import { TokenizerError } from '../errors.js';
import { Unigram } from '../models/unigram.js';
import { WordCounts } from './word-counts.js';

export interface UnigramTrainerOptions {
  /** Default 8000. */
  vocabSize?: number;
  /** EM rounds between two prunings. Default 2. */
  nSubIterations?: number;
  /** Share of pieces kept by each pruning. Default 0.75. */
  shrinkingFactor?: number;
  /** Default 16 chars. */
  maxPieceLength?: number;
  /** Seed pieces before EM. Default 1,000,000. */
  seedSize?: number;
  specialTokens?: string[];
  /** The unknown token (added first when not among the specials). Default '<unk>'. */
  unkToken?: string | null;
  initialAlphabet?: string[];
}

type Piece = [string, number];

function digamma(input: number): number {
  let x = input;
  let result = 0;
  while (x < 7) {
    result -= 1 / x;
    x += 1;
  }
  x -= 1 / 2;
  const xx = 1 / x;
  const xx2 = xx * xx;
  const xx4 = xx2 * xx2;
  result +=
    Math.log(x) +
    (1 / 24) * xx2 -
    (7 / 960) * xx4 +
    (31 / 8064) * xx4 * xx2 -
    (127 / 30720) * xx4 * xx4;
  return result;
}

const cmpStr = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function logAdd(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** The pieces as a lookup, with HF's unknown-node rule. Piece 0 is the unknown piece. */
class Model {
  readonly ids = new Map<string, number>();
  readonly unkScore: number;
  constructor(
    readonly pieces: readonly Piece[],
    readonly maxLen: number,
  ) {
    let min = Number.POSITIVE_INFINITY;
    pieces.forEach(([p, s], i) => {
      this.ids.set(p, i);
      if (s < min) min = s;
    });
    this.unkScore = min - 10;
  }

  /** Nodes of the lattice of `s`: [start, end, id, score], by start. */
  nodes(s: string, exclude = -1): [number, number, number, number][] {
    const out: [number, number, number, number][] = [];
    for (let i = 0; i < s.length; ) {
      const w = s.codePointAt(i)! > 0xffff ? 2 : 1;
      let single = false;
      let chars = 0;
      for (let j = i; j < s.length && chars < this.maxLen; ) {
        j += s.codePointAt(j)! > 0xffff ? 2 : 1;
        chars++;
        const id = this.ids.get(s.slice(i, j));
        if (id === undefined || id === 0) continue;
        if (i === 0 && j === s.length && id === exclude) continue;
        out.push([i, j, id, this.pieces[id]![1]]);
        if (j - i === w) single = true;
      }
      if (!single) out.push([i, i + w, 0, this.unkScore]);
      i += w;
    }
    return out;
  }

  /** Best path as node list. */
  viterbi(s: string, exclude = -1): number[] {
    const nodes = this.nodes(s, exclude);
    const best = new Float64Array(s.length + 1).fill(Number.NEGATIVE_INFINITY);
    const back = new Int32Array(s.length + 1).fill(-1);
    best[0] = 0;
    nodes.forEach(([a, b, , sc], k) => {
      const cand = best[a]! + sc;
      if (cand > best[b]!) {
        best[b] = cand;
        back[b] = k;
      }
    });
    const path: number[] = [];
    for (let e = s.length; e > 0; ) {
      const k = back[e]!;
      if (k < 0) return [];
      path.push(nodes[k]![2]);
      e = nodes[k]![0];
    }
    return path.reverse();
  }

  /** Adds freq × the marginal probability of every node to `expected`. */
  marginals(s: string, freq: number, expected: Float64Array): void {
    const nodes = this.nodes(s);
    const n = s.length;
    const alpha = new Float64Array(n + 1).fill(Number.NEGATIVE_INFINITY);
    const beta = new Float64Array(n + 1).fill(Number.NEGATIVE_INFINITY);
    alpha[0] = 0;
    for (const [a, b, , sc] of nodes) alpha[b] = logAdd(alpha[b]!, alpha[a]! + sc);
    beta[n] = 0;
    for (let k = nodes.length - 1; k >= 0; k--) {
      const [a, b, , sc] = nodes[k]!;
      beta[a] = logAdd(beta[a]!, beta[b]! + sc);
    }
    const z = alpha[n]!;
    for (const [a, b, id, sc] of nodes) {
      expected[id] = expected[id]! + freq * Math.exp(alpha[a]! + sc + beta[b]! - z);
    }
  }
}

export class UnigramTrainer {
  readonly vocabSize: number;
  readonly nSubIterations: number;
  readonly shrinkingFactor: number;
  readonly maxPieceLength: number;
  readonly seedSize: number;
  readonly specialTokens: string[];
  readonly unkToken: string | null;
  readonly initialAlphabet: string[];
  readonly words = new WordCounts();

  constructor(options: UnigramTrainerOptions = {}) {
    this.vocabSize = options.vocabSize ?? 8000;
    this.nSubIterations = options.nSubIterations ?? 2;
    this.shrinkingFactor = options.shrinkingFactor ?? 0.75;
    this.maxPieceLength = options.maxPieceLength ?? 16;
    this.seedSize = options.seedSize ?? 1_000_000;
    this.specialTokens = options.specialTokens ?? [];
    this.unkToken = options.unkToken === undefined ? '<unk>' : options.unkToken;
    this.initialAlphabet = options.initialAlphabet ?? [];
  }

  feed(sequences: Iterable<string>, process: (s: string) => string[]): void {
    for (const s of sequences) this.words.add(process(s));
  }

  /** Chars and frequent substrings, scored by frequency × length, as log probabilities. */
  private seeds(sentences: readonly [string, number][]): Piece[] {
    const chars = new Map<string, number>();
    const subs = new Map<string, number>();
    for (const [w, n] of sentences) {
      const cs = [...w];
      for (const c of cs) chars.set(c, (chars.get(c) ?? 0) + n);
      for (let i = 0; i < cs.length; i++) {
        let sub = cs[i]!;
        for (let j = i + 1; j < cs.length && j - i < this.maxPieceLength; j++) {
          sub += cs[j]!;
          subs.set(sub, (subs.get(sub) ?? 0) + n);
        }
      }
    }
    // Keep substrings that occur more than once and are not always followed by the same
    // char (the suffix-array nodes HF's esaxx enumerates).
    const scored: Piece[] = [];
    // Largest count among each substring's one-char right extensions.
    const maxExtension = new Map<string, number>();
    for (const [t, f] of subs) {
      const last = t.length >= 2 && /[\udc00-\udfff]/.test(t[t.length - 1]!) ? 2 : 1;
      const prefix = t.slice(0, t.length - last);
      if (prefix.length > 0 && (maxExtension.get(prefix) ?? 0) < f) maxExtension.set(prefix, f);
    }
    for (const [s, f] of subs) {
      // not a suffix-tree node when one right extension has every occurrence
      if (f >= 2 && maxExtension.get(s) !== f) scored.push([s, f * [...s].length]);
    }
    scored.sort((a, b) => b[1] - a[1] || cmpStr(a[0], b[0]));
    const out: Piece[] = [...chars].sort((a, b) => b[1] - a[1] || cmpStr(a[0], b[0]));
    for (const p of scored) {
      if (out.length >= this.seedSize) break;
      out.push(p);
    }
    const logsum = Math.log(out.reduce((s, p) => s + p[1], 0));
    return out.map(([p, s]) => [p, Math.log(s) - logsum]);
  }

  private eStep(model: Model, sentences: readonly [string, number][]): Float64Array {
    const expected = new Float64Array(model.pieces.length);
    for (const [s, n] of sentences) model.marginals(s, n, expected);
    return expected;
  }

  private mStep(pieces: readonly Piece[], expected: Float64Array): Piece[] {
    const kept: Piece[] = [[pieces[0]![0], Number.NaN]];
    let sum = 0;
    pieces.forEach(([p], i) => {
      if (i === 0 || expected[i]! < 0.5) return;
      kept.push([p, expected[i]!]);
      sum += expected[i]!;
    });
    const logsum = digamma(sum);
    return kept.map(([p, c], i) => [p, i === 0 ? Number.NaN : digamma(c) - logsum]);
  }

  private prune(
    model: Model,
    pieces: readonly Piece[],
    sentences: readonly [string, number][],
  ): Piece[] {
    const n = pieces.length;
    const alwaysKeep = new Array<boolean>(n).fill(true);
    const alternatives: number[][] = Array.from({ length: n }, () => []);
    for (let id = 1; id < n; id++) {
      const token = pieces[id]![0];
      const best = model.viterbi(token);
      if (best.length >= 2) alwaysKeep[id] = false;
      else {
        const alt = model.viterbi(token, id);
        if (alt.length >= 2) alternatives[id] = alt;
      }
    }
    alwaysKeep[0] = false;
    let vsum = 0;
    const freq = new Float64Array(n);
    const inverted: number[][] = Array.from({ length: n }, () => []);
    sentences.forEach(([s, count], i) => {
      vsum += count;
      for (const id of model.viterbi(s)) {
        freq[id] = freq[id]! + count;
        inverted[id]!.push(i);
      }
    });
    let sum = 0;
    for (const f of freq) sum += f;
    const logsum = Math.log(sum);
    const candidates: [number, number][] = [];
    const out: Piece[] = [pieces[0]!];
    for (let id = 1; id < n; id++) {
      if (freq[id] === 0 && !alwaysKeep[id]) continue;
      if (alternatives[id]!.length === 0) {
        out.push(pieces[id]!);
        continue;
      }
      let f = 0;
      for (const k of inverted[id]!) f += sentences[k]![1];
      if (f === 0) continue;
      f /= vsum;
      const logprobSp = Math.log(freq[id]!) - logsum;
      // (HF multiplies by the number of pieces here, not of alternatives; kept as is)
      const logsumAlt = Math.log(sum + freq[id]! * (alternatives.length - 1));
      let logprobAlt = 0;
      for (const a of alternatives[id]!) logprobAlt += Math.log(freq[a]! + freq[id]!) - logsumAlt;
      candidates.push([id, f * (logprobSp - logprobAlt)]);
    }
    const desired = Math.floor((this.vocabSize * 11) / 10);
    const pruned = Math.max(desired, Math.floor(n * this.shrinkingFactor));
    candidates.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    for (const [id] of candidates) {
      if (out.length >= pruned) break;
      out.push(pieces[id]!);
    }
    return out;
  }

  train(): { model: Unigram; specialTokens: string[] } {
    const sentences = [...this.words].sort((a, b) => cmpStr(a[0], b[0]));
    const required = new Set<string>();
    for (const [w] of sentences) for (const c of w) required.add(c);
    for (const c of this.initialAlphabet) required.add(c);
    if (required.size > this.vocabSize) {
      throw new TokenizerError(
        `vocab size ${this.vocabSize} is too small for the ${required.size} distinct chars of the input`,
      );
    }
    let pieces: Piece[] = [['<UNK>', Number.NaN], ...this.seeds(sentences)];
    const desired = Math.floor((this.vocabSize * 11) / 10);
    let model = new Model(pieces, this.maxPieceLength);
    while (true) {
      for (let it = 0; it < this.nSubIterations; it++) {
        pieces = this.mStep(pieces, this.eStep(model, sentences));
        model = new Model(pieces, this.maxPieceLength);
      }
      if (pieces.length <= desired) break;
      pieces = this.prune(model, pieces, sentences);
      model = new Model(pieces, this.maxPieceLength);
    }
    return {
      model: this.finalize(model, [...required].sort(cmpStr)),
      specialTokens: this.specialTokens,
    };
  }

  private finalize(model: Model, required: string[]): Unigram {
    let minScore = Number.POSITIVE_INFINITY;
    for (const [, s] of model.pieces) if (s < minScore) minScore = s;
    let penalty = 0;
    const pieces: Piece[] = [];
    const inserted = new Set<string>(['<UNK>']);
    for (const c of required) {
      const id = model.ids.get(c);
      inserted.add(c);
      if (id !== undefined && id !== 0) pieces.push([c, model.pieces[id]![1]]);
      else {
        pieces.push([c, minScore + penalty]);
        penalty += 0.0001;
      }
    }
    const unkIndex = this.unkToken === null ? -1 : this.specialTokens.indexOf(this.unkToken);
    const addUnk = this.unkToken !== null && unkIndex < 0;
    const budget = this.vocabSize - this.specialTokens.length - (addUnk ? 1 : 0);
    for (const [p, s] of model.pieces) {
      if (pieces.length >= budget) break;
      if (inserted.has(p) || this.specialTokens.includes(p)) continue;
      inserted.add(p);
      pieces.push([p, Number.isNaN(s) ? 0 : s]);
    }
    // stable: equal scores keep their order
    pieces.sort((a, b) => b[1] - a[1]);
    const specials: Piece[] = this.specialTokens.map((t) => [t, 0]);
    if (addUnk) specials.unshift([this.unkToken!, 0]);
    const unkId = this.unkToken === null ? null : addUnk ? 0 : unkIndex;
    return new Unigram([...specials, ...pieces], unkId);
  }
}
