/**
 * Strips whitespace on the left and / or the right.
 *
 *   new Strip(true, true).normalize(NormalizedString.from('  hi ')).normalized;   // 'hi'
 */
import type { Normalizer } from '../components.js';
import { bool, type JsonObject, opt } from '../json.js';
import type { NormalizedString } from '../normalized-string.js';

const leading = /^\p{White_Space}+/u;
const trailing = /\p{White_Space}+$/u;

export class Strip implements Normalizer {
  static readonly type = 'Strip';
  static fromJSON(json: JsonObject, field: string): Strip {
    return new Strip(
      opt(json, 'strip_left', field, bool, true),
      opt(json, 'strip_right', field, bool, true),
    );
  }
  constructor(
    readonly left: boolean,
    readonly right: boolean,
  ) {}
  normalize(ns: NormalizedString): NormalizedString {
    const s = ns.normalized;
    const a = this.left ? (leading.exec(s)?.[0].length ?? 0) : 0;
    const b =
      this.right && a < s.length ? s.length - (trailing.exec(s)?.[0].length ?? 0) : s.length;
    return a === 0 && b === s.length ? ns : ns.slice(a, Math.max(a, b));
  }
  toJSON() {
    return { type: Strip.type, strip_left: this.left, strip_right: this.right };
  }
}
