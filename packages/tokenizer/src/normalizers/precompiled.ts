/**
 * SentencePiece's precompiled normalization rules (the `precompiled_charsmap` of ALBERT /
 * T5 tokenizer.json files): a darts-clone double-array trie over UTF-8 keys whose values
 * point into a blob of NUL-terminated replacement strings.
 *
 *   const n = Precompiled.fromJSON(albertJson.normalizer.normalizers[0], 'normalizer');
 *   n.normalize(NormalizedString.from('ﬁ')).normalized;   // 'fi'
 *
 * Like HF, each grapheme shorter than 6 UTF-8 bytes is looked up whole first, then each
 * of its chars on its own.
 */
import type { Normalizer } from '../components.js';
import { TokenizerError } from '../errors.js';
import { type JsonObject, str } from '../json.js';
import type { NormalizedString, Part } from '../normalized-string.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

export class Precompiled implements Normalizer {
  static readonly type = 'Precompiled';
  static fromJSON(json: JsonObject, field: string): Precompiled {
    const b64 = str(json, 'precompiled_charsmap', field);
    let bytes: Uint8Array;
    try {
      bytes = base64ToBytes(b64);
    } catch {
      throw new TokenizerError(`${field}.precompiled_charsmap is not valid base64`);
    }
    return new Precompiled(bytes, b64, field);
  }

  private readonly trie: Uint32Array;
  private readonly normalized: Uint8Array;
  private readonly cache = new Map<string, string | null>();

  constructor(
    bytes: Uint8Array,
    private readonly b64: string,
    field = 'precompiled_charsmap',
  ) {
    if (bytes.length < 4) throw new TokenizerError(`${field}.precompiled_charsmap is too short`);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const trieSize = view.getUint32(0, true);
    if (trieSize % 4 !== 0 || 4 + trieSize > bytes.length) {
      throw new TokenizerError(`${field}.precompiled_charsmap has a bad trie size`);
    }
    this.trie = new Uint32Array(trieSize / 4);
    for (let i = 0; i < this.trie.length; i++) this.trie[i] = view.getUint32(4 + 4 * i, true);
    this.normalized = bytes.subarray(4 + trieSize);
  }

  /** The replacement for `chunk` if the trie has one of its prefixes (first hit wins). */
  transform(chunk: string): string | null {
    const hit = this.cache.get(chunk);
    if (hit !== undefined) return hit;
    const key = encoder.encode(chunk);
    const a = this.trie;
    let result = -1;
    let pos = 0;
    let unit = a[0] ?? 0;
    pos ^= offsetOf(unit);
    for (const c of key) {
      if (c === 0) break;
      pos ^= c;
      unit = a[pos] ?? 0;
      if ((unit & (0x80000000 | 0xff)) >>> 0 !== c) break;
      pos ^= offsetOf(unit);
      if ((unit >>> 8) & 1) {
        result = (a[pos] ?? 0) & 0x7fffffff;
        break;
      }
    }
    let out: string | null = null;
    if (result >= 0) {
      let end = result;
      while (end < this.normalized.length && this.normalized[end] !== 0) end++;
      out = decoder.decode(this.normalized.subarray(result, end));
    }
    if (this.cache.size < 100_000) this.cache.set(chunk, out);
    return out;
  }

  normalize(ns: NormalizedString): NormalizedString {
    const s = ns.normalized;
    const parts: Part[] = [];
    let modified = false;
    let kept = 0; // start of the pending run of unchanged units
    const replace = (from: number, to: number, text: string) => {
      if (kept < from) parts.push({ from: kept, to: from, text: s.slice(kept, from), copy: true });
      parts.push({ from, to, text });
      kept = to;
      modified = true;
    };
    for (let i = 0; i < s.length; ) {
      const c = s.charCodeAt(i);
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      // Two ASCII chars in a row (other than CR LF) are two graphemes: skip the slow
      // Unicode segmenter for them.
      const g = c < 0x80 && next < 0x80 && !(c === 13 && next === 10) ? s[i]! : firstGrapheme(s, i);
      const start = i;
      i += g.length;
      if (utf8Length(g) < 6) {
        const norm = this.transform(g);
        if (norm !== null) {
          if (norm !== g) replace(start, i, norm);
          continue;
        }
      }
      for (let k = start; k < i; ) {
        const w = s.codePointAt(k)! > 0xffff ? 2 : 1;
        const norm = this.transform(s.slice(k, k + w));
        if (norm !== null && norm !== s.slice(k, k + w)) replace(k, k + w, norm);
        k += w;
      }
    }
    if (!modified) return ns;
    if (kept < s.length) parts.push({ from: kept, to: s.length, text: s.slice(kept), copy: true });
    return ns.rebuild(parts);
  }

  toJSON() {
    return { type: Precompiled.type, precompiled_charsmap: this.b64 };
  }
}

function offsetOf(unit: number): number {
  return ((unit >>> 10) << ((unit & (1 << 9)) >>> 6)) >>> 0;
}

let segmenter: Intl.Segmenter | undefined;
/** The extended grapheme cluster that starts at i. */
function firstGrapheme(s: string, i: number): string {
  segmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  const first = segmenter
    .segment(s.slice(i, i + 64))
    [Symbol.iterator]()
    .next();
  return first.done ? s[i]! : first.value.segment;
}

function utf8Length(g: string): number {
  let n = 0;
  for (let i = 0; i < g.length; i++) {
    const c = g.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** atob-free base64 decoding (works in browsers and Node alike). */
export function base64ToBytes(b64: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const clean = b64.replace(/=+$/, '');
  if (/[^A-Za-z0-9+/]/.test(clean)) throw new Error('bad base64');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let buf = 0;
  let bits = 0;
  let k = 0;
  for (let i = 0; i < clean.length; i++) {
    buf = (buf << 6) | alphabet.indexOf(clean[i]!);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[k++] = (buf >> bits) & 0xff;
    }
  }
  return out.subarray(0, k);
}
