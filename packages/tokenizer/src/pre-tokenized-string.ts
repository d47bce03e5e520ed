/**
 * A sequence cut into pieces ("words") by the pre-tokenizers, each piece a
 * NormalizedString that still knows its place in the original text.
 *
 *   const pts = PreTokenizedString.from('Hello world');
 *   pts.split((ns) => splitOn(ns, findRegex(ns.normalized, /\s+/gu), 'removed'));
 *   pts.splits.map((s) => s.ns.normalized);   // ['Hello', 'world']
 */
import { TokenizerError } from './errors.js';
import { charWidth, NormalizedString } from './normalized-string.js';

/** A token a model produced, with offsets in code units of its piece's normalized text. */
export interface ModelToken {
  readonly id: number;
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

export interface Split {
  ns: NormalizedString;
  /** Set once a model (or the added vocabulary) tokenized this piece. */
  tokens?: readonly ModelToken[];
}

export class PreTokenizedString {
  constructor(public splits: Split[]) {}

  static from(text: string): PreTokenizedString {
    return new PreTokenizedString([{ ns: NormalizedString.from(text) }]);
  }

  /** Replaces every untokenized piece with the pieces `f` cuts it into (empty ones dropped). */
  split(f: (ns: NormalizedString, index: number) => NormalizedString[]): void {
    const out: Split[] = [];
    for (let i = 0; i < this.splits.length; i++) {
      const s = this.splits[i]!;
      if (s.tokens !== undefined) {
        out.push(s);
        continue;
      }
      for (const ns of f(s.ns, i)) if (ns.length > 0) out.push({ ns });
    }
    this.splits = out;
  }

  /** Transforms every untokenized piece in place. */
  normalize(f: (ns: NormalizedString) => NormalizedString): void {
    for (const s of this.splits) if (s.tokens === undefined) s.ns = f(s.ns);
  }
}

/** How a match of a delimiter pattern is kept (HF's SplitDelimiterBehavior). */
export type SplitBehavior =
  | 'removed'
  | 'isolated'
  | 'merged_with_previous'
  | 'merged_with_next'
  | 'contiguous';

/** A cover of [0, length) by ranges, each flagged as a match of the pattern or not. */
export type Matches = [start: number, end: number, isMatch: boolean][];

/** Ranges of `text` matched by a global regex, and the gaps between them. */
export function findRegex(text: string, re: RegExp): Matches {
  if (text.length === 0) return [[0, 0, false]];
  const out: Matches = [];
  let prev = 0;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (end === start) {
      // Empty matches split nothing; step over a whole code point.
      re.lastIndex = start + charWidth(text, start);
      if (start >= text.length) break;
      continue;
    }
    if (prev !== start) out.push([prev, start, false]);
    out.push([start, end, true]);
    prev = end;
  }
  if (prev !== text.length) out.push([prev, text.length, false]);
  return out;
}

/** Every char for which `is` holds is a match of its own; the runs between are not. */
export function findChars(text: string, is: (c: string) => boolean): Matches {
  const out: Matches = [];
  let prev = 0;
  for (let i = 0; i < text.length; ) {
    const w = charWidth(text, i);
    if (is(w === 1 ? text[i]! : text.slice(i, i + w))) {
      if (prev !== i) out.push([prev, i, false]);
      out.push([i, i + w, true]);
      prev = i + w;
    }
    i += w;
  }
  if (prev !== text.length) out.push([prev, text.length, false]);
  if (out.length === 0) out.push([0, 0, false]);
  return out;
}

/** Cuts `ns` at the matches according to `behavior` (HF's NormalizedString::split). */
export function splitOn(
  ns: NormalizedString,
  matches: Matches,
  behavior: SplitBehavior,
  invert = false,
): NormalizedString[] {
  const ms: Matches = invert ? matches.map(([a, b, m]) => [a, b, !m]) : matches;
  let pieces: [number, number, boolean][] = [];
  switch (behavior) {
    case 'isolated':
      pieces = ms.map(([a, b]) => [a, b, false]);
      break;
    case 'removed':
      pieces = ms;
      break;
    case 'merged_with_previous': {
      let prevMatch = false;
      for (const [a, b, m] of ms) {
        const last = pieces[pieces.length - 1];
        if (m && !prevMatch && last) last[1] = b;
        else pieces.push([a, b, false]);
        prevMatch = m;
      }
      break;
    }
    case 'merged_with_next': {
      let prevMatch = false;
      for (let i = ms.length - 1; i >= 0; i--) {
        const [a, b, m] = ms[i]!;
        const last = pieces[pieces.length - 1];
        if (m && !prevMatch && last) last[0] = a;
        else pieces.push([a, b, false]);
        prevMatch = m;
      }
      pieces.reverse();
      break;
    }
    case 'contiguous': {
      let prevMatch = false;
      for (const [a, b, m] of ms) {
        const last = pieces[pieces.length - 1];
        if (m === prevMatch && last) last[1] = b;
        else pieces.push([a, b, false]);
        prevMatch = m;
      }
      break;
    }
  }
  const out: NormalizedString[] = [];
  for (const [a, b, removed] of pieces) if (!removed && a !== b) out.push(ns.slice(a, b));
  return out;
}

const behaviors: Record<string, SplitBehavior> = {
  Removed: 'removed',
  Isolated: 'isolated',
  MergedWithPrevious: 'merged_with_previous',
  MergedWithNext: 'merged_with_next',
  Contiguous: 'contiguous',
};

/** Reads HF's `"behavior": "MergedWithPrevious"` form. */
export function parseBehavior(v: unknown, field: string): SplitBehavior {
  const b = typeof v === 'string' ? behaviors[v] : undefined;
  if (b === undefined) {
    throw new TokenizerError(`${field} must be one of ${Object.keys(behaviors).join(', ')}`);
  }
  return b;
}

/** The HF name of a behavior, for saving. */
export function behaviorName(b: SplitBehavior): string {
  return Object.entries(behaviors).find(([, v]) => v === b)![0];
}
