/**
 * Unigram language model (SentencePiece): the segmentation of a piece with the highest
 * total log-probability, found by Viterbi over a trie of the vocabulary; runs of unknown
 * chars fuse into one unknown token; optional `<0xAB>` byte fallback.
 *
 *   const u = new Unigram([['<unk>', 0], ['a', -1], ['b', -2], ['ab', -1.5]], 0);
 *   u.tokenize('ab').map((t) => t.value);   // ['ab']
 */
import type { Model } from '../components.js';
import { TokenizerError } from '../errors.js';
import { arr, bool, int, type JsonObject, opt } from '../json.js';
import type { ModelToken } from '../pre-tokenized-string.js';

const UNK_PENALTY = 10;

/** A trie over UTF-16 code units: node → (unit → child); `ids[node]` ends a piece. */
class Trie {
  private readonly children: Map<number, number>[] = [new Map()];
  readonly ids: number[] = [-1];
  insert(s: string, id: number): void {
    let node = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      let next = this.children[node]!.get(c);
      if (next === undefined) {
        next = this.children.length;
        this.children.push(new Map());
        this.ids.push(-1);
        this.children[node]!.set(c, next);
      }
      node = next;
    }
    this.ids[node] = id;
  }
  child(node: number, c: number): number | undefined {
    return this.children[node]!.get(c);
  }
}

export class Unigram implements Model {
  static readonly type = 'Unigram';
  static fromJSON(json: JsonObject, field: string): Unigram {
    const list = arr(json.vocab, `${field}.vocab`);
    const vocab = list.map((e, i): [string, number] => {
      if (
        !Array.isArray(e) ||
        e.length !== 2 ||
        typeof e[0] !== 'string' ||
        typeof e[1] !== 'number'
      ) {
        throw new TokenizerError(`${field}.vocab[${i}] must be ["piece", score]`);
      }
      return [e[0], e[1]];
    });
    const unkId = opt<number | null>(json, 'unk_id', field, int, null);
    return new Unigram(vocab, unkId, opt(json, 'byte_fallback', field, bool, false), field);
  }

  readonly pieces: readonly [string, number][];
  readonly unkId: number | null;
  readonly byteFallback: boolean;
  private readonly ids = new Map<string, number>();
  private readonly trie = new Trie();
  private readonly minScore: number;
  private readonly cache = new Map<string, ModelToken[]>();

  constructor(
    pieces: readonly [string, number][],
    unkId: number | null = null,
    byteFallback = false,
    field = 'model',
  ) {
    if (unkId !== null) {
      if (pieces.length === 0)
        throw new TokenizerError(`${field}.vocab is empty but unk_id is set`);
      if (unkId >= pieces.length)
        throw new TokenizerError(`${field}.unk_id ${unkId} is not in the vocabulary`);
    }
    this.pieces = pieces;
    this.unkId = unkId;
    this.byteFallback = byteFallback;
    let min = Number.POSITIVE_INFINITY;
    pieces.forEach(([p, score], id) => {
      this.ids.set(p, id);
      this.trie.insert(p, id);
      if (score < min) min = score;
    });
    this.minScore = min;
  }

  get vocabSize(): number {
    return this.pieces.length;
  }
  tokenToId(token: string): number | undefined {
    return this.ids.get(token);
  }
  idToToken(id: number): string | undefined {
    return this.pieces[id]?.[0];
  }
  getVocab(): Map<string, number> {
    return new Map(this.ids);
  }

  /** The best segmentation as strings (unknown runs fused), HF's `encode_optimized`. */
  encode(s: string): string[] {
    const n = s.length;
    const unkScore = this.minScore - UNK_PENALTY;
    const score = new Float64Array(n + 1);
    const from = new Int32Array(n + 1).fill(-1);
    const id = new Int32Array(n + 1);
    for (let start = 0; start < n; ) {
      const c0 = s.charCodeAt(start);
      const w = c0 >= 0xd800 && c0 <= 0xdbff && start + 1 < n ? 2 : 1;
      const base = score[start]!;
      let single = false;
      let node: number | undefined = 0;
      for (let k = start; k < n; k++) {
        node = this.trie.child(node, s.charCodeAt(k));
        if (node === undefined) break;
        const pid = this.trie.ids[node]!;
        if (pid < 0) continue;
        const end = k + 1;
        const cand = this.pieces[pid]![1] + base;
        if (from[end] === -1 || cand > score[end]!) {
          score[end] = cand;
          from[end] = start;
          id[end] = pid;
        }
        if (end - start === w) single = true;
      }
      if (!single) {
        if (this.unkId === null)
          throw new TokenizerError('model.unk_id is needed (a char has no piece) but is not set');
        const end = start + w;
        const cand = unkScore + base;
        if (from[end] === -1 || cand > score[end]!) {
          score[end] = cand;
          from[end] = start;
          id[end] = this.unkId;
        }
      }
      start += w;
    }
    const out: string[] = [];
    let unk = '';
    for (let end = n; end > 0; ) {
      const start = from[end]!;
      const piece = s.slice(start, end);
      if (id[end] === this.unkId) unk = piece + unk;
      else {
        if (unk !== '') {
          out.push(unk);
          unk = '';
        }
        out.push(piece);
      }
      end = start;
    }
    if (unk !== '') out.push(unk);
    return out.reverse();
  }

  tokenize(sequence: string): ModelToken[] {
    if (sequence.length === 0) return [];
    const hit = this.cache.get(sequence);
    if (hit !== undefined) return hit;
    const out: ModelToken[] = [];
    let pos = 0;
    for (const piece of this.encode(sequence)) {
      const start = pos;
      pos += piece.length;
      const id = this.ids.get(piece);
      if (id !== undefined) {
        out.push({ id, value: piece, start, end: pos });
        continue;
      }
      if (this.byteFallback) {
        const bytes = [...new TextEncoder().encode(piece)].map((b) =>
          this.ids.get(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`),
        );
        if (bytes.every((b) => b !== undefined)) {
          for (const b of bytes) out.push({ id: b!, value: this.pieces[b!]![0], start, end: pos });
          continue;
        }
      }
      out.push({ id: this.unkId!, value: piece, start, end: pos });
    }
    if (this.cache.size < 100_000) this.cache.set(sequence, out);
    return out;
  }

  toJSON(): JsonObject {
    return {
      type: Unigram.type,
      unk_id: this.unkId,
      vocab: this.pieces.map(([p, s]) => [p, s]),
      byte_fallback: this.byteFallback,
    };
  }
}
