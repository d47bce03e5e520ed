/**
 * Joins all tokens into one string.
 *
 *   new Fuse().decodeChain(['a', 'b']);   // ['ab']
 */
import type { Decoder } from '../components.js';

export class Fuse implements Decoder {
  static readonly type = 'Fuse';
  static fromJSON(): Fuse {
    return new Fuse();
  }
  decodeChain(tokens: string[]): string[] {
    return [tokens.join('')];
  }
  toJSON() {
    return { type: Fuse.type };
  }
}
