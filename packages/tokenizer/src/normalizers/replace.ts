/**
 * Replaces every match of a string or regex with `content`.
 *
 *   const r = Replace.fromJSON({ type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' }, 'n');
 *   r.normalize(NormalizedString.from('a    b')).normalized;   // 'a b'
 */
import type { Normalizer } from '../components.js';
import { type JsonObject, pattern, str } from '../json.js';
import type { NormalizedString, Part } from '../normalized-string.js';

export class Replace implements Normalizer {
  static readonly type = 'Replace';
  static fromJSON(json: JsonObject, field: string): Replace {
    const p = pattern(json.pattern, `${field}.pattern`);
    return new Replace(p.re, p.json, str(json, 'content', field));
  }
  constructor(
    private readonly re: RegExp,
    private readonly patternJson: JsonObject,
    private readonly content: string,
  ) {}
  normalize(ns: NormalizedString): NormalizedString {
    return replaceAll(ns, this.re, this.content);
  }
  toJSON() {
    return { type: Replace.type, pattern: this.patternJson, content: this.content };
  }
}

export function replaceAll(ns: NormalizedString, re: RegExp, content: string): NormalizedString {
  const s = ns.normalized;
  re.lastIndex = 0;
  const parts: Part[] = [];
  let prev = 0;
  let any = false;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    any = true;
    if (prev < m.index)
      parts.push({ from: prev, to: m.index, text: s.slice(prev, m.index), copy: true });
    parts.push({ from: m.index, to: m.index + m[0].length, text: content, alignToLast: true });
    prev = m.index + m[0].length;
  }
  if (!any) return ns;
  if (prev < s.length) parts.push({ from: prev, to: s.length, text: s.slice(prev), copy: true });
  return ns.rebuild(parts);
}
