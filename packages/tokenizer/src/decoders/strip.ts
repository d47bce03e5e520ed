/**
 * Strips up to `start` / `stop` copies of a char from each token's ends.
 *
 *   new StripDecoder(' ', 1, 0).decodeChain([' a', 'b']);   // ['a', 'b']
 */
import type { Decoder } from '../components.js';
import { int, type JsonObject, str } from '../json.js';

export class StripDecoder implements Decoder {
  static readonly type = 'Strip';
  static fromJSON(json: JsonObject, field: string): StripDecoder {
    return new StripDecoder(
      str(json, 'content', field),
      int(json, 'start', field),
      int(json, 'stop', field),
    );
  }
  constructor(
    readonly content: string,
    readonly start: number,
    readonly stop: number,
  ) {}
  decodeChain(tokens: string[]): string[] {
    return tokens.map((t) => {
      const chars = [...t];
      let a = 0;
      for (let i = 0; i < Math.min(this.start, chars.length) && chars[i] === this.content; i++)
        a = i + 1;
      let b = chars.length;
      for (
        let i = 0;
        i < this.stop && chars.length - i - 1 >= 0 && chars[chars.length - i - 1] === this.content;
        i++
      ) {
        b = chars.length - i - 1;
      }
      return chars.slice(a, Math.max(a, b)).join('');
    });
  }
  toJSON() {
    return { type: StripDecoder.type, content: this.content, start: this.start, stop: this.stop };
  }
}
