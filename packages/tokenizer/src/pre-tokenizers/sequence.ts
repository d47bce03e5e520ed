/**
 * Runs pre-tokenizers one after another, each on the pieces of the one before.
 *
 *   new PreTokenizerSequence([new WhitespaceSplit(), new Digits(true)]);
 */
import type { PreTokenizer } from '../components.js';
import { arr, type JsonObject } from '../json.js';
import type { PreTokenizedString } from '../pre-tokenized-string.js';

export class PreTokenizerSequence implements PreTokenizer {
  static readonly type = 'Sequence';
  static fromJSON(
    json: JsonObject,
    field: string,
    load: (json: unknown, field: string) => PreTokenizer,
  ): PreTokenizerSequence {
    const list = arr(json.pretokenizers, `${field}.pretokenizers`);
    return new PreTokenizerSequence(list.map((p, i) => load(p, `${field}.pretokenizers[${i}]`)));
  }
  constructor(readonly preTokenizers: readonly PreTokenizer[]) {}
  preTokenize(pts: PreTokenizedString): void {
    for (const p of this.preTokenizers) p.preTokenize(pts);
  }
  toJSON() {
    return {
      type: PreTokenizerSequence.type,
      pretokenizers: this.preTokenizers.map((p) => p.toJSON()),
    };
  }
}
