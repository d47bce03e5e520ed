/**
 * The WordPiece decoder: glue `##` pieces to the word before, put spaces between words,
 * and (with cleanup) undo BERT's spaces before punctuation and contractions.
 *
 *   new WordPieceDecoder().decodeChain(['un', '##aff', '##able', '!']);   // ['un', 'aff', 'able', '!']
 */
import type { Decoder } from '../components.js';
import { bool, type JsonObject, opt, str } from '../json.js';

export function cleanup(s: string): string {
  return s
    .replaceAll(' .', '.')
    .replaceAll(' ?', '?')
    .replaceAll(' !', '!')
    .replaceAll(' ,', ',')
    .replaceAll(" ' ", "'")
    .replaceAll(" n't", "n't")
    .replaceAll(" 'm", "'m")
    .replaceAll(' do not', " don't")
    .replaceAll(" 's", "'s")
    .replaceAll(" 've", "'ve")
    .replaceAll(" 're", "'re");
}

export class WordPieceDecoder implements Decoder {
  static readonly type = 'WordPiece';
  static fromJSON(json: JsonObject, field: string): WordPieceDecoder {
    return new WordPieceDecoder(
      opt(json, 'prefix', field, str, '##'),
      opt(json, 'cleanup', field, bool, true),
    );
  }
  constructor(
    readonly prefix = '##',
    readonly cleanup = true,
  ) {}
  decodeChain(tokens: string[]): string[] {
    return tokens.map((t, i) => {
      let token = t;
      if (i !== 0)
        token = token.startsWith(this.prefix) ? token.slice(this.prefix.length) : ` ${token}`;
      return this.cleanup ? cleanup(token) : token;
    });
  }
  toJSON(): JsonObject {
    return { type: WordPieceDecoder.type, prefix: this.prefix, cleanup: this.cleanup };
  }
}
