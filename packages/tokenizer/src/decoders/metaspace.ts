/**
 * The metaspace decoder: '▁' back to ' ', dropping the one prepended to the first token.
 *
 *   new MetaspaceDecoder().decodeChain(['▁Hey', '▁friend']);   // ['Hey', ' friend']
 */
import type { Decoder } from '../components.js';
import type { JsonObject } from '../json.js';
import { Metaspace, type PrependScheme } from '../pre-tokenizers/metaspace.js';

export class MetaspaceDecoder implements Decoder {
  static readonly type = 'Metaspace';
  static fromJSON(json: JsonObject, field: string): MetaspaceDecoder {
    const m = Metaspace.fromJSON(json, field);
    return new MetaspaceDecoder(m.replacement, m.prependScheme, m.split);
  }
  constructor(
    readonly replacement = '▁',
    readonly prependScheme: PrependScheme = 'always',
    readonly split = true,
  ) {}
  decodeChain(tokens: string[]): string[] {
    return tokens.map((t, i) => {
      let out = '';
      for (const c of t) {
        if (c === this.replacement) out += i === 0 && this.prependScheme !== 'never' ? '' : ' ';
        else out += c;
      }
      return out;
    });
  }
  toJSON(): JsonObject {
    return {
      type: MetaspaceDecoder.type,
      replacement: this.replacement,
      prepend_scheme: this.prependScheme,
      split: this.split,
    };
  }
}
