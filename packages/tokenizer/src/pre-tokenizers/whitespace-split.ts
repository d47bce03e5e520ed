/**
 * Splits on whitespace only.
 *
 *   const pts = PreTokenizedString.from('Hey, you!');
 *   new WhitespaceSplit().preTokenize(pts);   // 'Hey,' 'you!'
 */
import type { PreTokenizer } from '../components.js';
import { findChars, type PreTokenizedString, splitOn } from '../pre-tokenized-string.js';
import { isWhitespace } from '../unicode-classes.js';

export class WhitespaceSplit implements PreTokenizer {
  static readonly type = 'WhitespaceSplit';
  static fromJSON(): WhitespaceSplit {
    return new WhitespaceSplit();
  }
  preTokenize(pts: PreTokenizedString): void {
    pts.split((ns) => splitOn(ns, findChars(ns.normalized, isWhitespace), 'removed'));
  }
  toJSON() {
    return { type: WhitespaceSplit.type };
  }
}
