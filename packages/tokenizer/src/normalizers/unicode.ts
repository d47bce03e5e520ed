/**
 * Unicode normalization forms, with offsets kept.
 *
 *   new Nfkc().normalize(NormalizedString.from('ﬁ')).normalized;   // 'fi'
 */
import type { Normalizer } from '../components.js';
import type { NormalizedString } from '../normalized-string.js';

export class Nfc implements Normalizer {
  static readonly type = 'NFC';
  static fromJSON(): Nfc {
    return new Nfc();
  }
  normalize(ns: NormalizedString): NormalizedString {
    return ns.unicode('NFC');
  }
  toJSON() {
    return { type: Nfc.type };
  }
}

export class Nfd implements Normalizer {
  static readonly type = 'NFD';
  static fromJSON(): Nfd {
    return new Nfd();
  }
  normalize(ns: NormalizedString): NormalizedString {
    return ns.unicode('NFD');
  }
  toJSON() {
    return { type: Nfd.type };
  }
}

export class Nfkc implements Normalizer {
  static readonly type = 'NFKC';
  static fromJSON(): Nfkc {
    return new Nfkc();
  }
  normalize(ns: NormalizedString): NormalizedString {
    return ns.unicode('NFKC');
  }
  toJSON() {
    return { type: Nfkc.type };
  }
}

export class Nfkd implements Normalizer {
  static readonly type = 'NFKD';
  static fromJSON(): Nfkd {
    return new Nfkd();
  }
  normalize(ns: NormalizedString): NormalizedString {
    return ns.unicode('NFKD');
  }
  toJSON() {
    return { type: Nfkd.type };
  }
}
