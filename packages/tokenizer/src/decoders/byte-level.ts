/**
 * The byte-level decoder: byte chars back to bytes, then UTF-8 (invalid sequences become
 * U+FFFD, like Rust's from_utf8_lossy).
 *
 *   new ByteLevelDecoder().decodeChain(['Hello', 'Ġworld']);   // ['Hello world']
 */
import type { Decoder } from '../components.js';
import { bool, type JsonObject, opt } from '../json.js';
import { CHAR_TO_BYTE } from '../pre-tokenizers/byte-level.js';

const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
const encoder = new TextEncoder();

export class ByteLevelDecoder implements Decoder {
  static readonly type = 'ByteLevel';
  static fromJSON(json: JsonObject, field: string): ByteLevelDecoder {
    return new ByteLevelDecoder({
      addPrefixSpace: opt(json, 'add_prefix_space', field, bool, true),
      trimOffsets: opt(json, 'trim_offsets', field, bool, true),
      useRegex: opt(json, 'use_regex', field, bool, true),
    });
  }
  readonly addPrefixSpace: boolean;
  readonly trimOffsets: boolean;
  readonly useRegex: boolean;
  constructor(
    options: { addPrefixSpace?: boolean; trimOffsets?: boolean; useRegex?: boolean } = {},
  ) {
    this.addPrefixSpace = options.addPrefixSpace ?? true;
    this.trimOffsets = options.trimOffsets ?? true;
    this.useRegex = options.useRegex ?? true;
  }
  decodeChain(tokens: string[]): string[] {
    const bytes: number[] = [];
    for (const t of tokens) {
      // A token with a char outside the byte alphabet (an added token) passes as UTF-8.
      let ok = true;
      for (let i = 0; i < t.length; i++) {
        const c = t.charCodeAt(i);
        if (c >= 512 || CHAR_TO_BYTE[c]! < 0) {
          ok = false;
          break;
        }
      }
      if (ok) for (let i = 0; i < t.length; i++) bytes.push(CHAR_TO_BYTE[t.charCodeAt(i)]!);
      else for (const b of encoder.encode(t)) bytes.push(b);
    }
    return [utf8.decode(new Uint8Array(bytes))];
  }
  toJSON(): JsonObject {
    return {
      type: ByteLevelDecoder.type,
      add_prefix_space: this.addPrefixSpace,
      trim_offsets: this.trimOffsets,
      use_regex: this.useRegex,
    };
  }
}
