/**
 * Splits into runs of word chars and runs of other non-space chars (`\w+|[^\w\s]+`).
 *
 *   const pts = PreTokenizedString.from('Hey, you!');
 *   new Whitespace().preTokenize(pts);   // 'Hey' ',' 'you' '!'
 */
import type { PreTokenizer } from '../components.js';
import { findRegex, type PreTokenizedString, splitOn } from '../pre-tokenized-string.js';

// Rust regex's Unicode \w and \s.
const W = '\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}';
const re = new RegExp(`[${W}]+|[^${W}\\p{White_Space}]+`, 'gu');

export class Whitespace implements PreTokenizer {
  static readonly type = 'Whitespace';
  static fromJSON(): Whitespace {
    return new Whitespace();
  }
  preTokenize(pts: PreTokenizedString): void {
    pts.split((ns) => splitOn(ns, findRegex(ns.normalized, re), 'removed', true));
  }
  toJSON() {
    return { type: Whitespace.type };
  }
}
