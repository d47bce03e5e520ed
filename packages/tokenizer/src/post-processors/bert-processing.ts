/**
 * BERT's post-processor: `[CLS] A [SEP]` and `[CLS] A [SEP] B [SEP]`, type ids 0 for the
 * first part and 1 for the second; overflowing windows get the specials too.
 *
 *   const p = new BertProcessing(['[SEP]', 102], ['[CLS]', 101]);
 *   p.addedTokens(false);   // 2
 */
import type { PostProcessor } from '../components.js';
import { Encoding } from '../encoding.js';
import { TokenizerError } from '../errors.js';
import type { JsonObject } from '../json.js';

export type TokenAndId = [string, number];

export function readTokenAndId(v: unknown, field: string): TokenAndId {
  if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== 'string' || typeof v[1] !== 'number') {
    throw new TokenizerError(`${field} must be ["token", id]`);
  }
  return [v[0], v[1]];
}

function wrap(
  e: Encoding,
  before: TokenAndId | null,
  after: TokenAndId,
  typeBefore: number,
  typeAfter: number,
): Encoding {
  const out = new Encoding();
  const pre = before === null ? [] : [before];
  out.ids = [...pre.map((t) => t[1]), ...e.ids, after[1]];
  out.tokens = [...pre.map((t) => t[0]), ...e.tokens, after[0]];
  out.typeIds = [...pre.map(() => typeBefore), ...e.typeIds, typeAfter];
  out.wordIds = [...pre.map(() => null), ...e.wordIds, null];
  out.sequenceIds = [...pre.map(() => null), ...e.sequenceIds, null];
  out.offsets = [...pre.map((): [number, number] => [0, 0]), ...e.offsets, [0, 0]];
  out.specialTokensMask = [...pre.map(() => 1), ...e.ids.map(() => 0), 1];
  out.attentionMask = out.ids.map(() => 1);
  return out;
}

export class BertProcessing implements PostProcessor {
  static readonly type = 'BertProcessing';
  static fromJSON(json: JsonObject, field: string): BertProcessing {
    return new BertProcessing(
      readTokenAndId(json.sep, `${field}.sep`),
      readTokenAndId(json.cls, `${field}.cls`),
    );
  }
  constructor(
    readonly sep: TokenAndId = ['[SEP]', 102],
    readonly cls: TokenAndId = ['[CLS]', 101],
  ) {}
  addedTokens(isPair: boolean): number {
    return isPair ? 3 : 2;
  }
  processEncodings(encodings: Encoding[], addSpecialTokens: boolean): Encoding[] {
    if (!addSpecialTokens) return encodings;
    return encodings.map((e, i) => {
      const main = i === 0 ? wrap(e, this.cls, this.sep, 0, 0) : wrap(e, null, this.sep, 1, 1);
      main.overflowing = e.overflowing.map((o) =>
        i === 0 ? wrap(o, this.cls, this.sep, 0, 0) : wrap(o, null, this.sep, 1, 1),
      );
      return main;
    });
  }
  toJSON(): JsonObject {
    return { type: BertProcessing.type, sep: this.sep, cls: this.cls };
  }
}
