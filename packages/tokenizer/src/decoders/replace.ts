/**
 * Replaces a pattern in every token (e.g. '▁' → ' ').
 *
 *   ReplaceDecoder.fromJSON({ type: 'Replace', pattern: { String: '▁' }, content: ' ' }, 'd')
 *     .decodeChain(['▁a']);   // [' a']
 */
import type { Decoder } from '../components.js';
import { type JsonObject, pattern, str } from '../json.js';

export class ReplaceDecoder implements Decoder {
  static readonly type = 'Replace';
  static fromJSON(json: JsonObject, field: string): ReplaceDecoder {
    const p = pattern(json.pattern, `${field}.pattern`);
    return new ReplaceDecoder(p.re, p.json, str(json, 'content', field));
  }
  constructor(
    private readonly re: RegExp,
    private readonly patternJson: JsonObject,
    readonly content: string,
  ) {}
  decodeChain(tokens: string[]): string[] {
    return tokens.map((t) => t.replace(this.re, () => this.content));
  }
  toJSON() {
    return { type: ReplaceDecoder.type, pattern: this.patternJson, content: this.content };
  }
}
