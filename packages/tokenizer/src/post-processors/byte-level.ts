/**
 * The byte-level post-processor: adds nothing, optionally trims the offsets of tokens
 * that start or end with (byte-level) spaces so they point at the word only.
 *
 *   new ByteLevelPostProcessor({ trimOffsets: true }).processEncodings([enc], true);
 */
import type { PostProcessor } from '../components.js';
import type { Encoding } from '../encoding.js';
import { bool, type JsonObject, opt } from '../json.js';

const isSpace = (c: string) => c === 'Ġ' || /^\p{White_Space}$/u.test(c);

/** HF's process_offsets: move starts past leading spaces and ends before trailing ones. */
export function trimOffsets(e: Encoding, addPrefixSpace: boolean): void {
  e.tokens.forEach((token, i) => {
    const chars = [...token];
    let lead = 0;
    while (lead < chars.length && isSpace(chars[lead]!)) lead++;
    let trail = 0;
    while (trail < chars.length && isSpace(chars[chars.length - 1 - trail]!)) trail++;
    const o = e.offsets[i]!;
    if (lead > 0) {
      const isFirst = i === 0 || o[0] === 0;
      if (isFirst && addPrefixSpace && lead === 1) lead = 0;
      o[0] = Math.min(o[0] + lead, o[1]);
    }
    if (trail > 0 && o[1] >= trail) o[1] = Math.max(o[1] - trail, o[0]);
  });
}

export class ByteLevelPostProcessor implements PostProcessor {
  static readonly type = 'ByteLevel';
  static fromJSON(json: JsonObject, field: string): ByteLevelPostProcessor {
    return new ByteLevelPostProcessor({
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
  addedTokens(): number {
    return 0;
  }
  processEncodings(encodings: Encoding[]): Encoding[] {
    if (this.trimOffsets) {
      for (const e of encodings) {
        trimOffsets(e, this.addPrefixSpace);
        for (const o of e.overflowing) trimOffsets(o, this.addPrefixSpace);
      }
    }
    encodings.forEach((e, i) => {
      e.setSequenceId(i);
    });
    return encodings;
  }
  toJSON(): JsonObject {
    return {
      type: ByteLevelPostProcessor.type,
      add_prefix_space: this.addPrefixSpace,
      trim_offsets: this.trimOffsets,
      use_regex: this.useRegex,
    };
  }
}
