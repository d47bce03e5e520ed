/**
 * Removes non-spacing marks (category Mn). Use after NFD to strip accents.
 *
 *   const ns = new Nfd().normalize(NormalizedString.from('café'));
 *   new StripAccents().normalize(ns).normalized;   // 'cafe'
 */
import type { Normalizer } from '../components.js';
import type { NormalizedString } from '../normalized-string.js';

const mark = /\p{Mn}/u;

export class StripAccents implements Normalizer {
  static readonly type = 'StripAccents';
  static fromJSON(): StripAccents {
    return new StripAccents();
  }
  normalize(ns: NormalizedString): NormalizedString {
    return stripMarks(ns);
  }
  toJSON() {
    return { type: StripAccents.type };
  }
}

export function stripMarks(ns: NormalizedString): NormalizedString {
  if (!/\p{Mn}/u.test(ns.normalized)) return ns;
  return ns.mapChars((c) => (mark.test(c) ? '' : c));
}
