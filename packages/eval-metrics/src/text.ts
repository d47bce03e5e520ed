/**
 * Python's string primitives, so tokenisation matches the reference implementations to
 * the character: `str.split()` and `str.rstrip()` know more whitespace than JavaScript's
 * `\s` (the separators U+001C–U+001F and U+0085) and less (not U+FEFF).
 *
 *   splitWhitespace('  a\tb\u001fc ');   // ['a', 'b', 'c']
 *   rstrip('abc \n');                    // 'abc'
 */

// Python's str.isspace() characters.
const WS =
  '\\t\\n\\v\\f\\r\\u001c-\\u001f \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const RUN = new RegExp(`[${WS}]+`);
const TRAILING = new RegExp(`[${WS}]+$`);

/** `s.split()` in Python: split on runs of whitespace, no empty strings. */
export function splitWhitespace(text: string): string[] {
  return text.split(RUN).filter((t) => t.length > 0);
}

/** `s.rstrip()` in Python. */
export function rstrip(text: string): string {
  return text.replace(TRAILING, '');
}

/** n-gram counts of a token list, keyed by the tokens joined with U+0000 (which no tokenizer emits). */
export function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join('\u0000');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
