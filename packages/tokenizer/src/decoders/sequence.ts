/**
 * Runs decoders one after another, each on the pieces of the one before.
 *
 *   new DecoderSequence([new ByteFallback(), new Fuse()]).decodeChain(['<0x61>', 'b']);   // ['ab']
 */
import type { Decoder } from '../components.js';
import { arr, type JsonObject } from '../json.js';

export class DecoderSequence implements Decoder {
  static readonly type = 'Sequence';
  static fromJSON(
    json: JsonObject,
    field: string,
    load: (json: unknown, field: string) => Decoder,
  ): DecoderSequence {
    const list = arr(json.decoders, `${field}.decoders`);
    return new DecoderSequence(list.map((d, i) => load(d, `${field}.decoders[${i}]`)));
  }
  constructor(readonly decoders: readonly Decoder[]) {}
  decodeChain(tokens: string[]): string[] {
    let out = tokens;
    for (const d of this.decoders) out = d.decodeChain(out);
    return out;
  }
  toJSON(): JsonObject {
    return { type: DecoderSequence.type, decoders: this.decoders.map((d) => d.toJSON()) };
  }
}
