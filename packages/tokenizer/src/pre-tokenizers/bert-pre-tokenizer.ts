/**
 * BERT's basic split: on whitespace (removed), then every punctuation char on its own.
 *
 *   const pts = PreTokenizedString.from("Hey, you're");
 *   new BertPreTokenizer().preTokenize(pts);   // 'Hey' ',' 'you' "'" 're'
 */
import type { PreTokenizer } from '../components.js';
import { findChars, type PreTokenizedString, splitOn } from '../pre-tokenized-string.js';
import { isPunctuation, isWhitespace } from '../unicode-classes.js';

export class BertPreTokenizer implements PreTokenizer {
  static readonly type = 'BertPreTokenizer';
  static fromJSON(): BertPreTokenizer {
    return new BertPreTokenizer();
  }
  preTokenize(pts: PreTokenizedString): void {
    pts.split((ns) => splitOn(ns, findChars(ns.normalized, isWhitespace), 'removed'));
    pts.split((ns) => splitOn(ns, findChars(ns.normalized, isPunctuation), 'isolated'));
  }
  toJSON() {
    return { type: BertPreTokenizer.type };
  }
}
