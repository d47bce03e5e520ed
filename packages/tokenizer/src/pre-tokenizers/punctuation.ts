/**
 * Splits off punctuation (ASCII punctuation and Unicode category P).
 *
 *   const pts = PreTokenizedString.from('Hey,you!');
 *   new Punctuation().preTokenize(pts);   // 'Hey' ',' 'you' '!'
 */
import type { PreTokenizer } from '../components.js';
import type { JsonObject } from '../json.js';
import {
  behaviorName,
  findChars,
  type PreTokenizedString,
  parseBehavior,
  type SplitBehavior,
  splitOn,
} from '../pre-tokenized-string.js';
import { isPunctuation } from '../unicode-classes.js';

export class Punctuation implements PreTokenizer {
  static readonly type = 'Punctuation';
  static fromJSON(json: JsonObject, field: string): Punctuation {
    return new Punctuation(
      json.behavior === undefined ? 'isolated' : parseBehavior(json.behavior, `${field}.behavior`),
    );
  }
  constructor(readonly behavior: SplitBehavior = 'isolated') {}
  preTokenize(pts: PreTokenizedString): void {
    pts.split((ns) => splitOn(ns, findChars(ns.normalized, isPunctuation), this.behavior));
  }
  toJSON() {
    return { type: Punctuation.type, behavior: behaviorName(this.behavior) };
  }
}
