/**
 * Runs normalizers one after another.
 *
 *   new NormalizerSequence([new Nfd(), new StripAccents()]).normalize(NormalizedString.from('é')).normalized;   // 'e'
 */
import type { Normalizer } from '../components.js';
import { arr, type JsonObject } from '../json.js';
import type { NormalizedString } from '../normalized-string.js';

export class NormalizerSequence implements Normalizer {
  static readonly type = 'Sequence';
  static fromJSON(
    json: JsonObject,
    field: string,
    load: (json: unknown, field: string) => Normalizer,
  ): NormalizerSequence {
    const list = arr(json.normalizers, `${field}.normalizers`);
    return new NormalizerSequence(list.map((n, i) => load(n, `${field}.normalizers[${i}]`)));
  }
  constructor(readonly normalizers: readonly Normalizer[]) {}
  normalize(ns: NormalizedString): NormalizedString {
    let out = ns;
    for (const n of this.normalizers) out = n.normalize(out);
    return out;
  }
  toJSON() {
    return { type: NormalizerSequence.type, normalizers: this.normalizers.map((n) => n.toJSON()) };
  }
}
