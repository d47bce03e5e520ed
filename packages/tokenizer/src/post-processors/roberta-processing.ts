/**
 * RoBERTa's post-processor: `<s> A </s>` and `<s> A </s> </s> B </s>`, all type id 0,
 * with byte-level offset trimming.
 *
 *   const p = new RobertaProcessing(['</s>', 2], ['<s>', 0]);
 *   p.addedTokens(true);   // 4
 */
import type { PostProcessor } from '../components.js';
import { Encoding } from '../encoding.js';
import { bool, type JsonObject, opt } from '../json.js';
import { readTokenAndId, type TokenAndId } from './bert-processing.js';
import { trimOffsets } from './byte-level.js';

function wrap(e: Encoding, pre: TokenAndId[], post: TokenAndId[]): Encoding {
  const out = new Encoding();
  out.ids = [...pre.map((t) => t[1]), ...e.ids, ...post.map((t) => t[1])];
  out.tokens = [...pre.map((t) => t[0]), ...e.tokens, ...post.map((t) => t[0])];
  out.typeIds = out.ids.map(() => 0);
  out.wordIds = [...pre.map(() => null), ...e.wordIds, ...post.map(() => null)];
  out.sequenceIds = [...pre.map(() => null), ...e.sequenceIds, ...post.map(() => null)];
  out.offsets = [
    ...pre.map((): [number, number] => [0, 0]),
    ...e.offsets,
    ...post.map((): [number, number] => [0, 0]),
  ];
  out.specialTokensMask = [...pre.map(() => 1), ...e.ids.map(() => 0), ...post.map(() => 1)];
  out.attentionMask = out.ids.map(() => 1);
  return out;
}

export class RobertaProcessing implements PostProcessor {
  static readonly type = 'RobertaProcessing';
  static fromJSON(json: JsonObject, field: string): RobertaProcessing {
    return new RobertaProcessing(
      readTokenAndId(json.sep, `${field}.sep`),
      readTokenAndId(json.cls, `${field}.cls`),
      opt(json, 'trim_offsets', field, bool, true),
      opt(json, 'add_prefix_space', field, bool, true),
    );
  }
  constructor(
    readonly sep: TokenAndId = ['</s>', 2],
    readonly cls: TokenAndId = ['<s>', 0],
    readonly trimOffsets = true,
    readonly addPrefixSpace = true,
  ) {}
  addedTokens(isPair: boolean): number {
    return isPair ? 4 : 2;
  }
  processEncodings(encodings: Encoding[], addSpecialTokens: boolean): Encoding[] {
    if (this.trimOffsets) {
      for (const e of encodings) {
        trimOffsets(e, this.addPrefixSpace);
        for (const o of e.overflowing) trimOffsets(o, this.addPrefixSpace);
      }
    }
    if (!addSpecialTokens) return encodings;
    return encodings.map((e, i) => {
      const pre = i === 0 ? [this.cls] : [this.sep];
      const main = wrap(e, pre, [this.sep]);
      main.overflowing = e.overflowing.map((o) => wrap(o, pre, [this.sep]));
      if (i > 0) main.typeIds = main.ids.map(() => 0);
      return main;
    });
  }
  toJSON(): JsonObject {
    return {
      type: RobertaProcessing.type,
      sep: this.sep,
      cls: this.cls,
      trim_offsets: this.trimOffsets,
      add_prefix_space: this.addPrefixSpace,
    };
  }
}
