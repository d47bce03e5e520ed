/**
 * Character classes that must match HF's Rust / Oniguruma definitions rather than
 * JavaScript's, and a translator for Oniguruma patterns found in tokenizer.json files.
 *
 *   onigToJs("\\s+(?!\\S)");   // the same regex where \s is Unicode White_Space, as in Oniguruma
 *
 * JavaScript's `\s` includes U+FEFF and leaves out U+0085; Oniguruma's (and Rust's
 * `char::is_whitespace`) is the White_Space property, which is the other way round.
 */
export const WHITESPACE_RANGES =
  '\\t\\n\\v\\f\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

/**
 * Rewrites `\s` / `\S` (inside and outside classes) to the White_Space property, and
 * `(?i:...)` groups (which Node 20's RegExp lacks) to explicit case classes, e.g.
 * `(?i:'s)` → `(?:'[sS])`.
 */
export function onigToJs(pattern: string): string {
  let out = '';
  let inClass = false;
  // depth of parentheses at which each open (?i: group started
  const caseless: number[] = [];
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) {
      const d = pattern[i + 1]!;
      if (d === 's') out += inClass ? WHITESPACE_RANGES : `[${WHITESPACE_RANGES}]`;
      else if (d === 'S' && !inClass) out += `[^${WHITESPACE_RANGES}]`;
      else out += c + d;
      i++;
      continue;
    }
    if (!inClass && pattern.startsWith('(?i:', i)) {
      depth++;
      caseless.push(depth);
      out += '(?:';
      i += 3;
      continue;
    }
    if (c === '[' && !inClass) inClass = true;
    else if (c === ']' && inClass) inClass = false;
    else if (!inClass && c === '(') depth++;
    else if (!inClass && c === ')') {
      if (caseless[caseless.length - 1] === depth) caseless.pop();
      depth--;
    }
    const lower = c.toLowerCase();
    const upper = c.toUpperCase();
    if (caseless.length > 0 && /^[a-zA-Z]$/.test(c)) {
      out += inClass ? lower + upper : `[${lower}${upper}]`;
      continue;
    }
    out += c;
  }
  return out;
}

/** Rust's `char::is_whitespace`: the Unicode White_Space property. */
export const isWhitespace = (c: string): boolean => /^\p{White_Space}$/u.test(c);

/** Rust's is_ascii_punctuation || unicode_categories' is_punctuation (category P*). */
export const isPunctuation = (c: string): boolean => /^[\p{P}!-/:-@[-`{-~]$/u.test(c);
