/**
 * Prepends a string to non-empty input (aligned with its first char).
 *
 *   new Prepend('▁').normalize(NormalizedString.from('hi')).normalized;   // '▁hi'
 */
import type { Normalizer } from '../components.js';
import { type JsonObject, str } from '../json.js';
import { charWidth, type NormalizedString } from '../normalized-string.js';

export class Prepend implements Normalizer {
  static readonly type = 'Prepend';
  static fromJSON(json: JsonObject, field: string): Prepend {
    return new Prepend(str(json, 'prepend', field));
  }
  constructor(readonly prepend: string) {}
  normalize(ns: NormalizedString): NormalizedString {
    return prependTo(ns, this.prepend);
  }
  toJSON() {
    return { type: Prepend.type, prepend: this.prepend };
  }
}

export function prependTo(ns: NormalizedString, prefix: string): NormalizedString {
  const s = ns.normalized;
  if (s.length === 0) return ns;
  const w = charWidth(s, 0);
  const parts = [{ from: 0, to: w, text: prefix + s.slice(0, w) }];
  for (let k = w; k < s.length; k++) parts.push({ from: k, to: k + 1, text: s[k]! });
  return ns.rebuild(parts);
}
