/**
 * Byte-pair encoding: split a piece into chars, then apply the learned merges, lowest
 * rank first (leftmost on ties) — HF's BPE model, with an unknown token, continuing
 * subword prefix / end-of-word suffix, byte fallback and a per-piece cache.
 *
 *   const bpe = new Bpe(new Map([['a', 0], ['b', 1], ['ab', 2]]), [['a', 'b']]);
 *   bpe.tokenize('abab').map((t) => t.value);   // ['ab', 'ab']
 *
 * For GPT-2, the pieces are byte-level strings (see pre-tokenizers/byte-level.ts), so
 * every char is in the vocabulary and no unknown token is needed.
 */
import type { Model } from '../components.js';
import { TokenizerError } from '../errors.js';
import { arr, bool, type JsonObject, num, opt, str } from '../json.js';
import { PairMap } from '../pair-map.js';
import type { ModelToken } from '../pre-tokenized-string.js';
import { readVocab, vocabToJSON } from '../vocab.js';

export interface BpeOptions {
  unkToken?: string | null;
  continuingSubwordPrefix?: string | null;
  endOfWordSuffix?: string | null;
  fuseUnk?: boolean;
  byteFallback?: boolean;
  ignoreMerges?: boolean;
  /** Probability of skipping a merge (BPE-dropout); random, so off for parity work. */
  dropout?: number | null;
  cacheCapacity?: number;
}

export class Bpe implements Model {
  static readonly type = 'BPE';
  static fromJSON(json: JsonObject, field: string): Bpe {
    const { vocab } = readVocab(json.vocab, `${field}.vocab`);
    const mergesJson = arr(json.merges ?? [], `${field}.merges`);
    const merges = mergesJson.map((m, i): [string, string] => {
      if (typeof m === 'string') {
        const sp = m.indexOf(' ', 1);
        if (sp < 0) throw new TokenizerError(`${field}.merges[${i}] must be "a b" or ["a", "b"]`);
        return [m.slice(0, sp), m.slice(sp + 1)];
      }
      if (
        Array.isArray(m) &&
        m.length === 2 &&
        typeof m[0] === 'string' &&
        typeof m[1] === 'string'
      ) {
        return [m[0], m[1]];
      }
      throw new TokenizerError(`${field}.merges[${i}] must be "a b" or ["a", "b"]`);
    });
    const dropout = opt<number | null>(json, 'dropout', field, num, null);
    if (dropout !== null && (dropout < 0 || dropout > 1)) {
      throw new TokenizerError(`${field}.dropout must be between 0 and 1`);
    }
    return new Bpe(
      vocab,
      merges,
      {
        unkToken: opt<string | null>(json, 'unk_token', field, str, null),
        continuingSubwordPrefix: opt<string | null>(
          json,
          'continuing_subword_prefix',
          field,
          str,
          null,
        ),
        endOfWordSuffix: opt<string | null>(json, 'end_of_word_suffix', field, str, null),
        fuseUnk: opt(json, 'fuse_unk', field, bool, false),
        byteFallback: opt(json, 'byte_fallback', field, bool, false),
        ignoreMerges: opt(json, 'ignore_merges', field, bool, false),
        dropout,
      },
      field,
    );
  }

  readonly vocab: Map<string, number>;
  private readonly byId: string[] = [];
  readonly merges: readonly [string, string][];
  private readonly pairs: PairMap;
  readonly unkToken: string | null;
  readonly continuingSubwordPrefix: string | null;
  readonly endOfWordSuffix: string | null;
  readonly fuseUnk: boolean;
  readonly byteFallback: boolean;
  readonly ignoreMerges: boolean;
  readonly dropout: number | null;
  private readonly cache = new Map<string, ModelToken[]>();
  private readonly cacheCapacity: number;

  constructor(
    vocab: Map<string, number>,
    merges: readonly [string, string][],
    options: BpeOptions = {},
    field = 'model',
  ) {
    this.vocab = vocab;
    for (const [t, id] of vocab) this.byId[id] = t;
    this.merges = merges;
    this.unkToken = options.unkToken ?? null;
    this.continuingSubwordPrefix = options.continuingSubwordPrefix ?? null;
    this.endOfWordSuffix = options.endOfWordSuffix ?? null;
    this.fuseUnk = options.fuseUnk ?? false;
    this.byteFallback = options.byteFallback ?? false;
    this.ignoreMerges = options.ignoreMerges ?? false;
    this.dropout = options.dropout ?? null;
    this.cacheCapacity = options.cacheCapacity ?? 100_000;
    this.pairs = new PairMap(merges.length);
    const prefixLen = this.continuingSubwordPrefix?.length ?? 0;
    merges.forEach(([a, b], rank) => {
      const ia = vocab.get(a);
      const ib = vocab.get(b);
      if (ia === undefined || ib === undefined) {
        throw new TokenizerError(
          `${field}.merges[${rank}]: token "${ia === undefined ? a : b}" is not in the vocabulary`,
        );
      }
      // With a continuing prefix, the merged token drops the right side's prefix.
      const merged =
        a + (prefixLen > 0 && b.startsWith(this.continuingSubwordPrefix!) ? b.slice(prefixLen) : b);
      const id = vocab.get(merged);
      if (id === undefined) {
        throw new TokenizerError(
          `${field}.merges[${rank}]: merged token "${merged}" is not in the vocabulary`,
        );
      }
      this.pairs.set(ia, ib, rank, id);
    });
    if (this.unkToken !== null && !vocab.has(this.unkToken)) {
      // HF only fails when the unknown token is needed; keep that behaviour lazily.
    }
  }

  get vocabSize(): number {
    return this.vocab.size;
  }
  tokenToId(token: string): number | undefined {
    return this.vocab.get(token);
  }
  idToToken(id: number): string | undefined {
    return this.byId[id];
  }
  getVocab(): Map<string, number> {
    return new Map(this.vocab);
  }

  tokenize(sequence: string): ModelToken[] {
    if (sequence.length === 0) return [];
    const useCache = this.dropout === null || this.dropout === 0;
    if (useCache) {
      const hit = this.cache.get(sequence);
      if (hit !== undefined) return hit;
    }
    if (this.ignoreMerges) {
      const id = this.vocab.get(sequence);
      if (id !== undefined) return [{ id, value: sequence, start: 0, end: sequence.length }];
    }
    const tokens = this.mergeWord(sequence);
    if (useCache && this.cache.size < this.cacheCapacity) this.cache.set(sequence, tokens);
    return tokens;
  }

  /** Chars → ids (with unknown / byte fallback), then merges until none applies. */
  private mergeWord(w: string): ModelToken[] {
    // Symbols: id and [start, end) in code units of w.
    const ids: number[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    let unkId = -1;
    let unkStart = 0;
    let unkEnd = 0;
    const flushUnk = () => {
      if (unkId >= 0) {
        ids.push(unkId);
        starts.push(unkStart);
        ends.push(unkEnd);
        unkId = -1;
      }
    };
    for (let i = 0; i < w.length; ) {
      const c = w.charCodeAt(i);
      const width = c >= 0xd800 && c <= 0xdbff && i + 1 < w.length ? 2 : 1;
      let s = width === 1 ? w[i]! : w.slice(i, i + 2);
      if (i > 0 && this.continuingSubwordPrefix !== null) s = this.continuingSubwordPrefix + s;
      if (i + width >= w.length && this.endOfWordSuffix !== null) s += this.endOfWordSuffix;
      const id = this.vocab.get(s);
      if (id !== undefined) {
        flushUnk();
        ids.push(id);
        starts.push(i);
        ends.push(i + width);
      } else if (this.byteFallback && this.byteIds(w.slice(i, i + width)) !== null) {
        // Like HF: every byte token of a char points at the whole char.
        flushUnk();
        for (const b of this.byteIds(w.slice(i, i + width))!) {
          ids.push(b);
          starts.push(i);
          ends.push(i + width);
        }
      } else if (this.unkToken !== null) {
        const uid = this.vocab.get(this.unkToken);
        if (uid === undefined) {
          throw new TokenizerError(`model.unk_token "${this.unkToken}" is not in the vocabulary`);
        }
        if (unkId >= 0 && this.fuseUnk) unkEnd = i + width;
        else {
          flushUnk();
          unkId = uid;
          unkStart = i;
          unkEnd = i + width;
        }
      }
      // else: like HF, a char with no token and no unknown token is dropped.
      i += width;
    }
    flushUnk();
    this.applyMerges(ids, starts, ends);
    const out: ModelToken[] = new Array(ids.length);
    for (let k = 0; k < ids.length; k++) {
      out[k] = { id: ids[k]!, value: this.byId[ids[k]!]!, start: starts[k]!, end: ends[k]! };
    }
    return out;
  }

  /** The `<0xAB>` tokens of every UTF-8 byte of the char, or null if one is missing. */
  private byteIds(c: string): number[] | null {
    const found: number[] = [];
    for (const b of new TextEncoder().encode(c)) {
      const id = this.vocab.get(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
      if (id === undefined) return null;
      found.push(id);
    }
    return found;
  }

  /** Repeatedly merges the adjacent pair of lowest rank (leftmost on ties), in place. */
  private applyMerges(ids: number[], starts: number[], ends: number[]): void {
    const pairs = this.pairs;
    const dropout = this.dropout ?? 0;
    // The scan below is quadratic in the word length: fine for words, not for a megabyte
    // without a space. Long inputs take the priority-queue path (same result).
    if (ids.length > 64 && dropout === 0) {
      this.applyMergesHeap(ids, starts, ends);
      return;
    }
    while (ids.length > 1) {
      let best = -1;
      let bestRank = 0x7fffffff;
      for (let k = 0; k + 1 < ids.length; k++) {
        const r = pairs.rank(ids[k]!, ids[k + 1]!);
        if (r >= 0 && r < bestRank) {
          if (dropout > 0 && Math.random() < dropout) continue;
          bestRank = r;
          best = k;
        }
      }
      if (best < 0) return;
      ids[best] = pairs.merged(ids[best]!, ids[best + 1]!);
      ends[best] = ends[best + 1]!;
      ids.splice(best + 1, 1);
      starts.splice(best + 1, 1);
      ends.splice(best + 1, 1);
    }
  }

  /** HF's algorithm: a heap of (rank, position) over a linked list of symbols. */
  private applyMergesHeap(ids: number[], starts: number[], ends: number[]): void {
    const n = ids.length;
    const pairs = this.pairs;
    const next = new Int32Array(n);
    const prev = new Int32Array(n);
    const alive = new Uint8Array(n).fill(1);
    for (let i = 0; i < n; i++) {
      next[i] = i + 1 < n ? i + 1 : -1;
      prev[i] = i - 1;
    }
    const SHIFT = 2 ** 22; // positions < 4M symbols per piece
    const heap: number[] = [];
    const push = (v: number) => {
      heap.push(v);
      let i = heap.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (heap[p]! <= v) break;
        heap[i] = heap[p]!;
        i = p;
      }
      heap[i] = v;
    };
    const pop = (): number => {
      const top = heap[0]!;
      const last = heap.pop()!;
      if (heap.length > 0) {
        let i = 0;
        while (true) {
          const l = 2 * i + 1;
          if (l >= heap.length) break;
          const r = l + 1;
          const c = r < heap.length && heap[r]! < heap[l]! ? r : l;
          if (heap[c]! >= last) break;
          heap[i] = heap[c]!;
          i = c;
        }
        heap[i] = last;
      }
      return top;
    };
    const consider = (i: number) => {
      const j = next[i]!;
      if (j < 0) return;
      const r = pairs.rank(ids[i]!, ids[j]!);
      if (r >= 0) push(r * SHIFT + i);
    };
    for (let i = 0; i + 1 < n; i++) consider(i);
    while (heap.length > 0) {
      const v = pop();
      const rank = Math.floor(v / SHIFT);
      const i = v - rank * SHIFT;
      const j = next[i]!;
      // stale: the left symbol is gone, has no right neighbour, or the pair changed
      if (!alive[i] || j < 0 || pairs.rank(ids[i]!, ids[j]!) !== rank) continue;
      ids[i] = pairs.merged(ids[i]!, ids[j]!);
      ends[i] = ends[j]!;
      alive[j] = 0;
      next[i] = next[j]!;
      if (next[j]! >= 0) prev[next[j]!] = i;
      if (prev[i]! >= 0) consider(prev[i]!);
      consider(i);
    }
    let k = 0;
    for (let i = 0; i >= 0 && i < n; i = next[i]!) {
      ids[k] = ids[i]!;
      starts[k] = starts[i]!;
      ends[k] = ends[i]!;
      k++;
    }
    ids.length = k;
    starts.length = k;
    ends.length = k;
  }

  toJSON(): JsonObject {
    return {
      type: Bpe.type,
      dropout: this.dropout,
      unk_token: this.unkToken,
      continuing_subword_prefix: this.continuingSubwordPrefix,
      end_of_word_suffix: this.endOfWordSuffix,
      fuse_unk: this.fuseUnk,
      byte_fallback: this.byteFallback,
      ignore_merges: this.ignoreMerges,
      vocab: vocabToJSON(this.vocab),
      merges: this.merges.map(([a, b]) => [a, b]),
    };
  }
}
