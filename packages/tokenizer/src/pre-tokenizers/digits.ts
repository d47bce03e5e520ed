/**
 * Splits digits from the rest: each digit alone, or runs of digits together.
 *
 *   const pts = PreTokenizedString.from('abc123');
 *   new Digits(true).preTokenize(pts);   // 'abc' '1' '2' '3'
 */
import type { PreTokenizer } from '../components.js';
import { bool, type JsonObject, opt } from '../json.js';
import { findChars, type PreTokenizedString, splitOn } from '../pre-tokenized-string.js';

const isNumeric = (c: string) => /^\p{N}$/u.test(c);

export class Digits implements PreTokenizer {
  static readonly type = 'Digits';
  static fromJSON(json: JsonObject, field: string): Digits {
    return new Digits(opt(json, 'individual_digits', field, bool, false));
  }
  constructor(readonly individualDigits = false) {}
  preTokenize(pts: PreTokenizedString): void {
    const behavior = this.individualDigits ? 'isolated' : 'contiguous';
    pts.split((ns) => splitOn(ns, findChars(ns.normalized, isNumeric), behavior));
  }
  toJSON() {
    return { type: Digits.type, individual_digits: this.individualDigits };
  }
}
