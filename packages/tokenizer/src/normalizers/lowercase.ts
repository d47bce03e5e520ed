/**
 * Lowercases char by char (Unicode's context-free mapping, like Rust's `to_lowercase`).
 *
 *   new Lowercase().normalize(NormalizedString.from('HeLLo')).normalized;   // 'hello'
 */
import type { Normalizer } from '../components.js';
import type { NormalizedString } from '../normalized-string.js';

export class Lowercase implements Normalizer {
  static readonly type = 'Lowercase';
  static fromJSON(): Lowercase {
    return new Lowercase();
  }
  normalize(ns: NormalizedString): NormalizedString {
    const s = ns.normalized;
    // ASCII-only text that is already lower needs no per-char pass.
    if (s.toLowerCase() === s) return ns;
    return ns.mapChars(lowerChar);
  }
  toJSON() {
    return { type: Lowercase.type };
  }
}

/** One char lowercased on its own (so no final-sigma context rule applies). */
export function lowerChar(c: string): string {
  // A lone char has no context, so no final-sigma rule: 'Σ' → 'σ', as in Rust.
  return c.toLowerCase();
}
