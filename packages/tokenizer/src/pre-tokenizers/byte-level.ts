/**
 * GPT-2's byte-level pre-tokenizer: splits with GPT-2's regex, then rewrites every UTF-8
 * byte as a printable char (so the vocabulary never needs an unknown token). Also the
 * byte-level decoder (bytes back to text) and post-processor (offset trimming) share
 * this file's tables.
 *
 *   const pts = PreTokenizedString.from("Hello world's");
 *   new ByteLevel().preTokenize(pts);
 *   pts.splits.map((s) => s.ns.normalized);   // ['Hello', 'Ġworld', "'s"]
 */
import type { PreTokenizer } from '../components.js';
import { bool, type JsonObject, opt } from '../json.js';
import { charWidth, type NormalizedString, type Part } from '../normalized-string.js';
import type { PreTokenizedString } from '../pre-tokenized-string.js';
import { onigToJs } from '../unicode-classes.js';

/** GPT-2's split pattern, with Oniguruma's meaning of `\s`. */
export const GPT2_PATTERN = onigToJs(
  "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
);

/** byte → the printable char that stands for it (GPT-2's bytes_to_unicode). */
export const BYTE_TO_CHAR: readonly string[] = (() => {
  const chars: string[] = new Array(256);
  let n = 0;
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
    chars[b] = String.fromCharCode(printable ? b : 256 + n++);
  }
  return chars;
})();

/** Inverse of BYTE_TO_CHAR, indexed by char code (−1 when not a byte char). */
export const CHAR_TO_BYTE: Int16Array = (() => {
  const t = new Int16Array(512).fill(-1);
  BYTE_TO_CHAR.forEach((c, b) => {
    t[c.charCodeAt(0)] = b;
  });
  return t;
})();

const encoder = new TextEncoder();
const asciiCache = new Map<string, string>();

/** Rewrites text as byte chars; unit-for-unit when ASCII, else one part per code point. */
export function toByteChars(ns: NormalizedString): NormalizedString {
  const s = ns.normalized;
  let ascii = true;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    // Pieces repeat (words): reuse their byte-level text, which also keeps its string hash
    // warm for the model's cache lookup.
    let out = asciiCache.get(s);
    if (out === undefined) {
      out = '';
      for (let i = 0; i < s.length; i++) out += BYTE_TO_CHAR[s.charCodeAt(i)]!;
      if (asciiCache.size < 200_000) asciiCache.set(s, out);
    }
    return ns.withText(out);
  }
  const parts: Part[] = [];
  for (let i = 0; i < s.length; ) {
    const w = charWidth(s, i);
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      parts.push({ from: i, to: i + 1, text: BYTE_TO_CHAR[c]! });
    } else {
      let text = '';
      for (const b of encoder.encode(s.slice(i, i + w))) text += BYTE_TO_CHAR[b]!;
      parts.push({ from: i, to: i + w, text });
    }
    i += w;
  }
  return ns.rebuild(parts);
}

export class ByteLevel implements PreTokenizer {
  static readonly type = 'ByteLevel';
  static fromJSON(json: JsonObject, field: string): ByteLevel {
    return new ByteLevel({
      addPrefixSpace: opt(json, 'add_prefix_space', field, bool, true),
      trimOffsets: opt(json, 'trim_offsets', field, bool, true),
      useRegex: opt(json, 'use_regex', field, bool, true),
    });
  }
  readonly addPrefixSpace: boolean;
  readonly trimOffsets: boolean;
  readonly useRegex: boolean;
  private readonly re = new RegExp(GPT2_PATTERN, 'gu');
  constructor(
    options: { addPrefixSpace?: boolean; trimOffsets?: boolean; useRegex?: boolean } = {},
  ) {
    this.addPrefixSpace = options.addPrefixSpace ?? true;
    this.trimOffsets = options.trimOffsets ?? true;
    this.useRegex = options.useRegex ?? true;
  }
  preTokenize(pts: PreTokenizedString): void {
    // The regex split (behaviour "isolated": matches and gaps alike become pieces) and the
    // byte-level rewrite in one pass, without intermediate match lists: this is the hot
    // path of GPT-2 encoding.
    pts.split((ns) => {
      const s = this.addPrefixSpace && !ns.normalized.startsWith(' ') ? prependSpace(ns) : ns;
      if (!this.useRegex) return [toByteChars(s)];
      const text = s.normalized;
      const re = this.re;
      const out: NormalizedString[] = [];
      let prev = 0;
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        const start = m.index;
        const end = start + m[0].length;
        if (end === start) {
          if (start >= text.length) break;
          re.lastIndex = start + charWidth(text, start);
          continue;
        }
        if (prev !== start) out.push(toByteChars(s.slice(prev, start)));
        out.push(toByteChars(s.slice(start, end)));
        prev = end;
      }
      if (prev < text.length) out.push(toByteChars(s.slice(prev, text.length)));
      return out;
    });
  }
  toJSON() {
    return {
      type: ByteLevel.type,
      add_prefix_space: this.addPrefixSpace,
      trim_offsets: this.trimOffsets,
      use_regex: this.useRegex,
    };
  }
}

function prependSpace(ns: NormalizedString): NormalizedString {
  const s = ns.normalized;
  if (s.length === 0) return ns;
  const w = charWidth(s, 0);
  const parts: Part[] = [{ from: 0, to: w, text: ` ${s.slice(0, w)}` }];
  for (let k = w; k < s.length; k++) parts.push({ from: k, to: k + 1, text: s[k]! });
  return ns.rebuild(parts);
}
