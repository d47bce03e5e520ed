/**
 * Turns runs of `<0xAB>` byte tokens back into text (U+FFFD per byte if not valid UTF-8).
 *
 *   new ByteFallback().decodeChain(['<0xE2>', '<0x96>', '<0x81>', 'a']);   // ['▁', 'a']
 */
import type { Decoder } from '../components.js';

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export class ByteFallback implements Decoder {
  static readonly type = 'ByteFallback';
  static fromJSON(): ByteFallback {
    return new ByteFallback();
  }
  decodeChain(tokens: string[]): string[] {
    const out: string[] = [];
    let bytes: number[] = [];
    const flush = () => {
      if (bytes.length === 0) return;
      try {
        out.push(strict.decode(new Uint8Array(bytes)));
      } catch {
        for (let i = 0; i < bytes.length; i++) out.push('\ufffd');
      }
      bytes = [];
    };
    for (const t of tokens) {
      const m = /^<0x([0-9A-Fa-f]{2})>$/.exec(t);
      if (m) bytes.push(Number.parseInt(m[1]!, 16));
      else {
        flush();
        out.push(t);
      }
    }
    flush();
    return out;
  }
  toJSON() {
    return { type: ByteFallback.type };
  }
}
