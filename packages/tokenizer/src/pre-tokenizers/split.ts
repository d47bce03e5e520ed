/**
 * Splits on a string or regex (Oniguruma syntax as far as JavaScript can express it).
 *
 *   const s = Split.fromJSON({ type: 'Split', pattern: { String: '-' }, behavior: 'Removed', invert: false }, 'p');
 *   // 'a-b' → 'a' 'b'
 */
import type { PreTokenizer } from '../components.js';
import { TokenizerError } from '../errors.js';
import { bool, escapeRegex, type JsonObject, obj, opt } from '../json.js';
import {
  behaviorName,
  findRegex,
  type PreTokenizedString,
  parseBehavior,
  type SplitBehavior,
  splitOn,
} from '../pre-tokenized-string.js';
import { onigToJs } from '../unicode-classes.js';

export class Split implements PreTokenizer {
  static readonly type = 'Split';
  static fromJSON(json: JsonObject, field: string): Split {
    const p = obj(json.pattern, `${field}.pattern`);
    let source: string;
    if (typeof p.String === 'string') source = escapeRegex(p.String);
    else if (typeof p.Regex === 'string') source = onigToJs(p.Regex);
    else throw new TokenizerError(`${field}.pattern must be {"String": ...} or {"Regex": ...}`);
    let re: RegExp;
    try {
      re = new RegExp(source, 'gu');
    } catch (e) {
      throw new TokenizerError(`${field}.pattern.Regex is not supported: ${(e as Error).message}`);
    }
    return new Split(
      re,
      p,
      parseBehavior(json.behavior, `${field}.behavior`),
      opt(json, 'invert', field, bool, false),
    );
  }
  constructor(
    private readonly re: RegExp,
    private readonly patternJson: JsonObject,
    readonly behavior: SplitBehavior,
    readonly invert: boolean,
  ) {}
  preTokenize(pts: PreTokenizedString): void {
    pts.split((ns) => splitOn(ns, findRegex(ns.normalized, this.re), this.behavior, this.invert));
  }
  toJSON() {
    return {
      type: Split.type,
      pattern: this.patternJson,
      behavior: behaviorName(this.behavior),
      invert: this.invert,
    };
  }
}
