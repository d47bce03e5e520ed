/**
 * BPE training, HF's algorithm: count adjacent pairs once, then repeatedly merge the most
 * frequent pair (ties: the smaller pair of ids), updating only the counts of the words the
 * merge touched — a priority queue with lazy re-insertion, never a recount per merge.
 *
 *   const trainer = new BpeTrainer({ vocabSize: 1000, specialTokens: ['<|endoftext|>'] });
 *   trainer.feed(['hello world', 'hello there'], (line) => line.split(' '));
 *   const { model, specialTokens } = trainer.train();   // a Bpe model
 *
 * Deterministic: the same words and settings give the same merges in the same order.
 */
import { Bpe } from '../models/bpe.js';
import { WordCounts } from './word-counts.js';

export interface BpeTrainerOptions {
  /** Final vocabulary size, special tokens and alphabet included. Default 30000. */
  vocabSize?: number;
  /** Pairs seen fewer times are never merged. Default 0. */
  minFrequency?: number;
  /** Added first, with ids 0, 1, … Default none. */
  specialTokens?: string[];
  /** Keep at most this many chars in the alphabet (the most frequent). */
  limitAlphabet?: number | null;
  /** Chars always in the alphabet, seen or not (e.g. the 256 byte-level chars). */
  initialAlphabet?: string[];
  continuingSubwordPrefix?: string | null;
  endOfWordSuffix?: string | null;
  /** Merges never build tokens longer than this many chars. */
  maxTokenLength?: number | null;
  /** The trained model's unknown token (for chars outside the alphabet). Default none. */
  unkToken?: string | null;
}

/** A heap entry: a pair, its count when pushed, and the words to update. */
interface Entry {
  a: number;
  b: number;
  count: number;
  pos: Set<number>;
}

/** Max-heap order: larger count first, then the smaller (a, b). */
function before(x: Entry, y: Entry): boolean {
  if (x.count !== y.count) return x.count > y.count;
  return x.a !== y.a ? x.a < y.a : x.b < y.b;
}

class Heap {
  private readonly items: Entry[] = [];
  get size(): number {
    return this.items.length;
  }
  push(e: Entry): void {
    const h = this.items;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }
  pop(): Entry | undefined {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last !== undefined) {
      h[0] = last;
      let i = 0;
      while (true) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

/**
 * Pair → count with open addressing; a pair's slot is a small integer that also keys the
 * position sets (a Map keyed by 40-bit numbers is several times slower in V8).
 */
class PairCounter {
  a = new Int32Array(1 << 16).fill(-1);
  b = new Int32Array(1 << 16);
  counts = new Float64Array(1 << 16);
  private size = 0;
  private mask = (1 << 16) - 1;

  slot(a: number, b: number): number {
    let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) & this.mask;
    while (true) {
      const k = this.a[h]!;
      if (k === a && this.b[h] === b) return h;
      if (k === -1) {
        if ((this.size + 1) * 2 > this.a.length) {
          this.grow();
          return this.slot(a, b);
        }
        this.a[h] = a;
        this.b[h] = b;
        this.size++;
        return h;
      }
      h = (h + 1) & this.mask;
    }
  }

  private grow(): void {
    const { a, b, counts } = this;
    const cap = a.length * 2;
    this.a = new Int32Array(cap).fill(-1);
    this.b = new Int32Array(cap);
    this.counts = new Float64Array(cap);
    this.mask = cap - 1;
    this.size = 0;
    this.remap = new Map();
    for (let i = 0; i < a.length; i++) {
      if (a[i] === -1) continue;
      const j = this.slot(a[i]!, b[i]!);
      this.counts[j] = counts[i]!;
      this.remap.set(i, j);
    }
    this.generation++;
  }
  /** Old slot → new slot after the last grow (callers holding slots re-resolve by pair). */
  remap = new Map<number, number>();
  generation = 0;
}

export class BpeTrainer {
  readonly vocabSize: number;
  readonly minFrequency: number;
  readonly specialTokens: string[];
  readonly limitAlphabet: number | null;
  readonly initialAlphabet: string[];
  readonly continuingSubwordPrefix: string | null;
  readonly endOfWordSuffix: string | null;
  readonly maxTokenLength: number | null;
  readonly unkToken: string | null;
  readonly words = new WordCounts();

  constructor(options: BpeTrainerOptions = {}) {
    this.vocabSize = options.vocabSize ?? 30000;
    this.minFrequency = options.minFrequency ?? 0;
    this.specialTokens = options.specialTokens ?? [];
    this.limitAlphabet = options.limitAlphabet ?? null;
    this.initialAlphabet = options.initialAlphabet ?? [];
    this.continuingSubwordPrefix = options.continuingSubwordPrefix ?? null;
    this.endOfWordSuffix = options.endOfWordSuffix ?? null;
    this.maxTokenLength = options.maxTokenLength ?? null;
    this.unkToken = options.unkToken ?? null;
  }

  /** Counts the words `process` makes of each sequence; call as often as needed. */
  feed(sequences: Iterable<string>, process: (s: string) => string[]): void {
    for (const s of sequences) this.words.add(process(s));
  }

  train(): { model: Bpe; specialTokens: string[] } {
    const { vocab, merges } = this.trainMerges();
    return {
      model: new Bpe(vocab, merges, {
        continuingSubwordPrefix: this.continuingSubwordPrefix,
        endOfWordSuffix: this.endOfWordSuffix,
        unkToken: this.unkToken,
      }),
      specialTokens: this.specialTokens,
    };
  }

  /** The learned vocabulary and merges (shared with the WordPiece trainer). */
  trainMerges(): { vocab: Map<string, number>; merges: [string, string][] } {
    const w2id = new Map<string, number>();
    const id2w: string[] = [];
    const addToken = (t: string) => {
      if (!w2id.has(t)) {
        id2w.push(t);
        w2id.set(t, id2w.length - 1);
      }
    };
    for (const t of this.specialTokens) addToken(t);

    // Alphabet: every char by total count; the initial alphabet always stays.
    const alphabet = new Map<string, number>();
    for (const [w, n] of this.words) for (const c of w) alphabet.set(c, (alphabet.get(c) ?? 0) + n);
    for (const c of this.initialAlphabet) alphabet.set(c, Number.MAX_SAFE_INTEGER);
    let kept = [...alphabet];
    const toRemove =
      this.limitAlphabet === null ? 0 : Math.max(0, alphabet.size - this.limitAlphabet);
    if (toRemove > 0) {
      // Least frequent go first; ties by char so the result is deterministic.
      kept.sort((x, y) => x[1] - y[1] || cmpChar(x[0], y[0]));
      kept = kept.slice(toRemove);
    }
    kept.sort((x, y) => cmpChar(x[0], y[0]));
    for (const [c] of kept) addToken(c);

    // Words as symbol ids (chars outside the alphabet are dropped, as in HF).
    const entries = [...this.words].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
    const words: number[][] = [];
    const lens: number[][] = [];
    const counts: number[] = [];
    for (const [w, n] of entries) {
      const chars = [...w];
      const syms: number[] = [];
      const ls: number[] = [];
      chars.forEach((c, i) => {
        if (!w2id.has(c)) return;
        let s = c;
        if (i > 0 && this.continuingSubwordPrefix !== null) s = this.continuingSubwordPrefix + s;
        if (i === chars.length - 1 && this.endOfWordSuffix !== null) s += this.endOfWordSuffix;
        addToken(s);
        syms.push(w2id.get(s)!);
        ls.push(1);
      });
      words.push(syms);
      lens.push(ls);
      counts.push(n);
    }

    // Initial pair counts and where each pair occurs (keyed by the pair's slot).
    const pc = new PairCounter();
    let where = new Map<number, Set<number>>();
    let generation = pc.generation;
    const slotOf = (a: number, b: number): number => {
      const slot = pc.slot(a, b);
      if (pc.generation !== generation) {
        // the table grew: slots moved, so re-key the pending position sets
        generation = pc.generation;
        const moved = new Map<number, Set<number>>();
        for (const [k, v] of where) moved.set(pc.remap.get(k)!, v);
        where = moved;
      }
      return slot;
    };
    const note = (slot: number, i: number) => {
      const set = where.get(slot);
      if (set) set.add(i);
      else where.set(slot, new Set([i]));
    };
    words.forEach((syms, i) => {
      for (let k = 0; k + 1 < syms.length; k++) {
        const slot = slotOf(syms[k]!, syms[k + 1]!);
        pc.counts[slot] = pc.counts[slot]! + counts[i]!;
        note(slot, i);
      }
    });
    /** Adds `delta` to the count of (a, b); a pair that gained remembers word i. */
    const change = (a: number, b: number, delta: number, i: number) => {
      const slot = slotOf(a, b);
      pc.counts[slot] = pc.counts[slot]! + delta;
      if (delta > 0) note(slot, i);
    };
    const queue = new Heap();
    const flush = () => {
      for (const [slot, pos] of where) {
        const count = pc.counts[slot]!;
        if (count > 0) queue.push({ a: pc.a[slot]!, b: pc.b[slot]!, count, pos });
      }
      where = new Map();
    };
    flush();

    const maxLen = this.maxTokenLength ?? Number.POSITIVE_INFINITY;
    const merges: [number, number][] = [];
    while (w2id.size < this.vocabSize) {
      const top = queue.pop();
      if (top === undefined) break;
      const current = pc.counts[pc.slot(top.a, top.b)]!;
      if (top.count !== current) {
        top.count = current;
        queue.push(top);
        continue;
      }
      if (top.count < 1 || this.minFrequency > top.count) break;

      let partB = id2w[top.b]!;
      const prefix = this.continuingSubwordPrefix;
      if (prefix !== null && partB.startsWith(prefix)) partB = partB.slice(prefix.length);
      const newToken = id2w[top.a]! + partB;
      addToken(newToken);
      const newId = w2id.get(newToken)!;
      merges.push([top.a, top.b]);

      // Merge in every word that had the pair; apply the pair count changes.
      for (const i of top.pos) {
        const syms = words[i]!;
        const ls = lens[i]!;
        const n = counts[i]!;
        for (let k = 0; k < syms.length; k++) {
          if (syms[k] !== top.a || k + 1 >= syms.length || syms[k + 1] !== top.b) continue;
          const newLen = ls[k]! + ls[k + 1]!;
          if (k > 0) {
            change(syms[k - 1]!, top.a, -n, i);
            if (ls[k - 1]! + newLen < maxLen) change(syms[k - 1]!, newId, n, i);
          }
          syms.splice(k, 2, newId);
          ls.splice(k, 2, newLen);
          if (k < syms.length - 1) {
            change(top.b, syms[k + 1]!, -n, i);
            if (ls[k + 1]! + newLen < maxLen) change(newId, syms[k + 1]!, n, i);
          }
        }
      }
      flush();
    }

    return {
      vocab: new Map(id2w.map((t, id) => [t, id])),
      merges: merges.map(([a, b]) => [id2w[a]!, id2w[b]!]),
    };
  }
}

/** Order of chars by code point (HF sorts the alphabet by `char as u32`). */
function cmpChar(x: string, y: string): number {
  return x.codePointAt(0)! - y.codePointAt(0)!;
}
