/**
 * The result of encoding one input (a sequence or a pair): ids and everything aligned
 * with them, plus the parts that truncation cut off.
 *
 *   const enc = tokenizer.encode('Hello world');
 *   enc.ids;       // [15496, 995]
 *   enc.tokens;    // ['Hello', 'Ġworld']
 *   enc.offsets;   // [[0, 5], [5, 11]] — 'Hello world'.slice(5, 11) === ' world'
 *
 * Offsets are JS string indices (UTF-16 code units) into the sequence the token came from
 * (the first or the second of a pair); special and padding tokens have [0, 0].
 */
import { TokenizerError } from './errors.js';

export type Offsets = [number, number];

export class Encoding {
  ids: number[] = [];
  tokens: string[] = [];
  offsets: Offsets[] = [];
  /** 0 for the first sequence of a pair and its specials, 1 for the second. */
  typeIds: number[] = [];
  /** 1 for real tokens, 0 for padding. */
  attentionMask: number[] = [];
  /** 1 for tokens the post-processor or padding added, 0 for the input's own. */
  specialTokensMask: number[] = [];
  /** Index of the pre-tokenized word each token belongs to; null for added specials. */
  wordIds: (number | null)[] = [];
  /** Which sequence (0 or 1) each token comes from; null for added specials / padding. */
  sequenceIds: (number | null)[] = [];
  /** The windows that truncation cut off, each a full Encoding of its own. */
  overflowing: Encoding[] = [];

  get length(): number {
    return this.ids.length;
  }

  clone(): Encoding {
    const e = new Encoding();
    e.ids = this.ids.slice();
    e.tokens = this.tokens.slice();
    e.offsets = this.offsets.map((o) => [o[0], o[1]] as Offsets);
    e.typeIds = this.typeIds.slice();
    e.attentionMask = this.attentionMask.slice();
    e.specialTokensMask = this.specialTokensMask.slice();
    e.wordIds = this.wordIds.slice();
    e.sequenceIds = this.sequenceIds.slice();
    e.overflowing = this.overflowing.map((o) => o.clone());
    return e;
  }

  /** Tokens [start, stop) as a new Encoding without overflow. */
  slice(start: number, stop: number): Encoding {
    const e = new Encoding();
    e.ids = this.ids.slice(start, stop);
    e.tokens = this.tokens.slice(start, stop);
    e.offsets = this.offsets.slice(start, stop);
    e.typeIds = this.typeIds.slice(start, stop);
    e.attentionMask = this.attentionMask.slice(start, stop);
    e.specialTokensMask = this.specialTokensMask.slice(start, stop);
    e.wordIds = this.wordIds.slice(start, stop);
    e.sequenceIds = this.sequenceIds.slice(start, stop);
    return e;
  }

  setSequenceId(id: number): void {
    this.sequenceIds = this.ids.map(() => id);
  }

  /**
   * Keeps `maxLength` tokens; the rest goes into `overflowing` as windows of `maxLength`
   * that overlap by `stride` tokens (HF's `Encoding::truncate`).
   */
  truncate(maxLength: number, stride = 0, direction: 'right' | 'left' = 'right'): void {
    const n = this.ids.length;
    if (maxLength >= n) return;
    if (maxLength === 0) {
      const all = this.clone();
      const empty = new Encoding();
      empty.overflowing = [all];
      Object.assign(this, empty);
      return;
    }
    if (stride >= maxLength) {
      throw new TokenizerError(
        `truncation stride (${stride}) must be smaller than max length (${maxLength}, after special tokens)`,
      );
    }
    const step = maxLength - stride;
    const ranges: [number, number][] = [];
    if (direction === 'right') {
      for (let start = 0; start < n; start += step) {
        const stop = Math.min(start + maxLength, n);
        ranges.push([start, stop]);
        if (stop === n) break;
      }
    } else {
      for (let last = n - 1; last >= 0; last -= step) {
        const stop = last + 1;
        const start = stop < maxLength ? 0 : stop - maxLength;
        ranges.push([start, stop]);
        if (start === 0) break;
      }
    }
    const [first, ...rest] = ranges as [[number, number], ...[number, number][]];
    const head = this.slice(first[0], first[1]);
    head.overflowing = rest.map(([a, b]) => this.slice(a, b));
    Object.assign(this, head);
  }

  /** Pads (and pads every overflowing window) to `length` tokens. */
  pad(
    length: number,
    padId: number,
    padTypeId: number,
    padToken: string,
    direction: 'right' | 'left',
  ): void {
    for (const o of this.overflowing) o.pad(length, padId, padTypeId, padToken, direction);
    const k = length - this.ids.length;
    if (k <= 0) return;
    const fill = <T>(a: T[], v: T): T[] => {
      const pad = new Array<T>(k).fill(v);
      return direction === 'left' ? pad.concat(a) : a.concat(pad);
    };
    this.ids = fill(this.ids, padId);
    this.typeIds = fill(this.typeIds, padTypeId);
    this.tokens = fill(this.tokens, padToken);
    this.wordIds = fill<number | null>(this.wordIds, null);
    this.sequenceIds = fill<number | null>(this.sequenceIds, null);
    this.attentionMask = fill(this.attentionMask, 0);
    this.specialTokensMask = fill(this.specialTokensMask, 1);
    const offs: Offsets[] = Array.from({ length: k }, () => [0, 0]);
    this.offsets = direction === 'left' ? offs.concat(this.offsets) : this.offsets.concat(offs);
  }

  /** Appends `other` (and combines the overflowing windows of both, as HF does). */
  mergeWith(other: Encoding, growingOffsets = false): void {
    const overflowing: Encoding[] = [];
    for (const mine of this.overflowing) {
      const a = mine.clone();
      a.mergeWith(other.clone(), growingOffsets);
      overflowing.push(a);
      for (const theirs of other.overflowing) {
        const b = mine.clone();
        b.mergeWith(theirs.clone(), growingOffsets);
        overflowing.push(b);
      }
    }
    for (const theirs of other.overflowing) {
      const c = this.clone();
      c.mergeWith(theirs.clone(), growingOffsets);
      overflowing.push(c);
    }
    const shift = growingOffsets ? (this.offsets[this.offsets.length - 1]?.[1] ?? 0) : 0;
    // (loops, not push(...spread): a book-length encoding overflows the call stack)
    for (let i = 0; i < other.ids.length; i++) {
      this.ids.push(other.ids[i]!);
      this.typeIds.push(other.typeIds[i]!);
      this.tokens.push(other.tokens[i]!);
      this.wordIds.push(other.wordIds[i]!);
      this.sequenceIds.push(other.sequenceIds[i]!);
      const o = other.offsets[i]!;
      this.offsets.push([o[0] + shift, o[1] + shift]);
      this.specialTokensMask.push(other.specialTokensMask[i]!);
      this.attentionMask.push(other.attentionMask[i]!);
    }
    this.overflowing = overflowing;
  }

  static merge(encodings: readonly Encoding[], growingOffsets = false): Encoding {
    if (encodings.length === 1) return encodings[0]!;
    const e = new Encoding();
    for (const x of encodings) e.mergeWith(x, growingOffsets);
    return e;
  }

  /** A plain object for JSON output: the fields of DESIGN.md's contract. */
  toJSON(): {
    ids: number[];
    tokens: string[];
    offsets: Offsets[];
    typeIds: number[];
    attentionMask: number[];
    specialTokensMask: number[];
    overflowing?: unknown[];
  } {
    const out = {
      ids: this.ids,
      tokens: this.tokens,
      offsets: this.offsets,
      typeIds: this.typeIds,
      attentionMask: this.attentionMask,
      specialTokensMask: this.specialTokensMask,
    };
    return this.overflowing.length > 0
      ? { ...out, overflowing: this.overflowing.map((o) => o.toJSON()) }
      : out;
  }
}
