/**
 * BERT's basic cleanup: drop control chars, map whitespace to ' ', put spaces around CJK
 * ideographs, strip accents (NFD + drop Mn) and lowercase.
 *
 *   new BertNormalizer().normalize(NormalizedString.from('Héllo\t世界')).normalized;
 *   // 'hello  世  界 '
 */
import type { Normalizer } from '../components.js';
import { bool, type JsonObject, opt } from '../json.js';
import type { NormalizedString } from '../normalized-string.js';
import { lowerChar } from './lowercase.js';
import { stripMarks } from './strip-accents.js';

const control = /\p{C}/u;
const whitespace = /\p{White_Space}/u;

export function isChineseChar(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b920 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

export class BertNormalizer implements Normalizer {
  static readonly type = 'BertNormalizer';
  static fromJSON(json: JsonObject, field: string): BertNormalizer {
    return new BertNormalizer({
      cleanText: opt(json, 'clean_text', field, bool, true),
      handleChineseChars: opt(json, 'handle_chinese_chars', field, bool, true),
      stripAccents: opt<boolean | null>(json, 'strip_accents', field, bool, null),
      lowercase: opt(json, 'lowercase', field, bool, true),
    });
  }
  readonly cleanText: boolean;
  readonly handleChineseChars: boolean;
  /** null: follow `lowercase`. */
  readonly stripAccents: boolean | null;
  readonly lowercase: boolean;
  constructor(
    options: {
      cleanText?: boolean;
      handleChineseChars?: boolean;
      stripAccents?: boolean | null;
      lowercase?: boolean;
    } = {},
  ) {
    this.cleanText = options.cleanText ?? true;
    this.handleChineseChars = options.handleChineseChars ?? true;
    this.stripAccents = options.stripAccents ?? null;
    this.lowercase = options.lowercase ?? true;
  }
  normalize(input: NormalizedString): NormalizedString {
    let ns = input;
    if (this.cleanText) {
      ns = ns.mapChars((c) => {
        if (c === '\t' || c === '\n' || c === '\r') return ' ';
        const cp = c.codePointAt(0)!;
        if (cp === 0 || cp === 0xfffd || control.test(c)) return '';
        return whitespace.test(c) ? ' ' : c;
      });
    }
    if (this.handleChineseChars) {
      ns = ns.mapChars((c) => (isChineseChar(c.codePointAt(0)!) ? ` ${c} ` : c));
    }
    if (this.stripAccents ?? this.lowercase) ns = stripMarks(ns.unicode('NFD'));
    if (this.lowercase) ns = ns.mapChars(lowerChar);
    return ns;
  }
  toJSON() {
    return {
      type: BertNormalizer.type,
      clean_text: this.cleanText,
      handle_chinese_chars: this.handleChineseChars,
      strip_accents: this.stripAccents,
      lowercase: this.lowercase,
    };
  }
}
