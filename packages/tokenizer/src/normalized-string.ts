/**
 * A string being normalized, that remembers where every one of its UTF-16 code units came
 * from in the original text — so offsets survive lowercasing, accent stripping, NFKC, …
 *
 *   const s = NormalizedString.from('Héllo');
 *   const lower = s.mapChars((c) => c.toLowerCase());
 *   lower.normalized;            // 'héllo'
 *   lower.originalRange(1, 2);   // [1, 2]: 'é' came from 'É'… or here from 'é'
 *
 * Alignments are stored as one [start, end) pair per code unit of `normalized`, in
 * code units of the original string. When nothing changed the pairs are implicit
 * (`align === null`: unit i came from `base + i`), which keeps the common paths cheap.
 */
export class NormalizedString {
  private constructor(
    /** The text as it is now. */
    readonly normalized: string,
    /** 2 × normalized.length entries, or null for the identity shifted by `base`. */
    private readonly align: Int32Array | null,
    private readonly base: number,
  ) {}

  static from(text: string, base = 0): NormalizedString {
    return new NormalizedString(text, null, base);
  }

  get length(): number {
    return this.normalized.length;
  }

  /** The original-string range that normalized code units [start, end) came from. */
  originalRange(start: number, end: number): [number, number] {
    const a = this.align;
    if (a === null) return [this.base + start, this.base + end];
    if (start >= end) {
      // An empty range sits just after the unit before it (or before the first one).
      if (start > 0 && start - 1 < this.normalized.length)
        return [a[2 * start - 1]!, a[2 * start - 1]!];
      if (this.normalized.length > 0) return [a[0]!, a[0]!];
      return [this.base, this.base];
    }
    // Like HF: from the start of the first unit's range to the end of the last one's.
    return [a[2 * start]!, a[2 * end - 1]!];
  }

  /** Code units [start, end) of the normalized text, still aligned to the original. */
  slice(start: number, end: number): NormalizedString {
    const text = this.normalized.slice(start, end);
    if (this.align === null) return new NormalizedString(text, null, this.base + start);
    const [lo] = this.originalRange(start, end);
    return new NormalizedString(text, this.align.slice(2 * start, 2 * end), lo);
  }

  /** The same alignment with other text of the same length (a unit-for-unit mapping). */
  withText(text: string): NormalizedString {
    if (text.length !== this.normalized.length) throw new Error('withText needs the same length');
    return new NormalizedString(text, this.align, this.base);
  }

  /**
   * Rebuilds the text from parts that each replace normalized units [from, to) with
   * `text`; every unit of a part's text aligns to the whole original range of its source.
   * Parts must be in order and may not overlap; units not covered by a part are dropped.
   */
  rebuild(parts: readonly Part[]): NormalizedString {
    let total = 0;
    for (const p of parts) total += p.text.length;
    const align = new Int32Array(2 * total);
    let out = '';
    let k = 0;
    for (const p of parts) {
      if (p.copy) {
        // unchanged units keep their own alignment
        for (let i = p.from; i < p.to; i++) {
          const [lo, hi] = this.unitRange(i);
          align[k++] = lo;
          align[k++] = hi;
        }
        out += p.text;
        continue;
      }
      // HF's alignment rule: the new chars take the ranges of the old chars position by
      // position; extra new chars take the range of the char before them (an expansion
      // like 'ﬁ' → 'fi'); old chars left over are dropped (a contraction like 'é' ← 'e´'
      // points at the 'e' only).
      const old: [number, number][] = [];
      for (let i = p.from; i < p.to; ) {
        const w = i + 1 < p.to ? charWidth(this.normalized, i) : 1;
        const [lo] = this.unitRange(i);
        const [, hi] = this.unitRange(i + w - 1);
        old.push([lo, hi]);
        i += w;
      }
      let j = 0;
      for (let i = 0; i < p.text.length; j++) {
        const w = charWidth(p.text, i);
        let r: [number, number];
        if (p.alignToLast && old.length > 0) r = old[old.length - 1]!;
        else if (j < old.length) r = old[j]!;
        else if (old.length > 0) r = old[old.length - 1]!;
        else if (k > 0) r = [align[k - 2]!, align[k - 1]!];
        else r = p.from > 0 ? this.unitRange(p.from - 1) : [this.base, this.base];
        for (let u = 0; u < w; u++) {
          align[k++] = r[0];
          align[k++] = r[1];
        }
        i += w;
      }
      out += p.text;
    }
    return new NormalizedString(out, align, this.base);
  }

  private unitRange(i: number): [number, number] {
    const a = this.align;
    return a === null ? [this.base + i, this.base + i + 1] : [a[2 * i]!, a[2 * i + 1]!];
  }

  /** Maps every code point through `f` (which may return '', one or several characters). */
  mapChars(f: (c: string) => string): NormalizedString {
    const s = this.normalized;
    let changed = false;
    const parts: Part[] = [];
    for (let i = 0; i < s.length; ) {
      const w = charWidth(s, i);
      const c = w === 1 ? s[i]! : s.slice(i, i + 2);
      const r = f(c);
      if (r !== c) changed = true;
      parts.push({ from: i, to: i + w, text: r });
      i += w;
    }
    return changed ? this.rebuild(parts) : this;
  }

  /** Unicode normalization with alignments (a starter and its marks form one segment). */
  unicode(form: 'NFC' | 'NFD' | 'NFKC' | 'NFKD'): NormalizedString {
    const s = this.normalized;
    const whole = s.normalize(form);
    if (whole === s) return this;
    const decompose = form === 'NFD' || form === 'NFKD';
    const parts: Part[] = [];
    let i = 0;
    while (i < s.length) {
      let j = i + charWidth(s, i);
      while (j < s.length && isCombining(s, j)) j += charWidth(s, j);
      const seg = s.slice(i, j);
      const norm = seg.normalize(form);
      if (norm === seg) {
        for (let k = i; k < j; k++) parts.push({ from: k, to: k + 1, text: s[k]! });
      } else if (decompose) {
        // Each char decomposes on its own and keeps its own alignment, unless canonical
        // reordering moved marks across chars: then the segment aligns as one block.
        const mark = parts.length;
        let acc = '';
        for (let k = i; k < j; k += charWidth(s, k)) {
          const d = s.slice(k, k + charWidth(s, k)).normalize(form);
          acc += d;
          parts.push({ from: k, to: k + charWidth(s, k), text: d });
        }
        if (acc !== norm) parts.splice(mark, parts.length - mark, { from: i, to: j, text: norm });
      } else {
        parts.push({ from: i, to: j, text: norm });
      }
      i = j;
    }
    let joined = '';
    for (const p of parts) joined += p.text;
    // Segmenting is a heuristic; if it ever disagrees with the whole-string result, keep
    // the right text and give up precision of the alignment rather than the text.
    if (joined !== whole) return this.rebuild([{ from: 0, to: s.length, text: whole }]);
    return this.rebuild(parts);
  }
}

export interface Part {
  readonly from: number;
  readonly to: number;
  readonly text: string;
  /** The text is units [from, to) unchanged: keep each unit's own alignment. */
  readonly copy?: boolean;
  /** Every new char takes the range of the last old char (HF's `replace`). */
  readonly alignToLast?: boolean;
}

/** Width in code units of the code point at i. */
export function charWidth(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 2;
  }
  return 1;
}

const combiningRe = /^[\p{M}\u1160-\u11ff]/u;
/** A char that may combine with the char before it under composition. */
function isCombining(s: string, i: number): boolean {
  return combiningRe.test(s.slice(i, i + charWidth(s, i)));
}
