/**
 * SentencePiece's metaspace: spaces become '▁', a '▁' is prepended (always / first
 * piece only / never), and the text splits before each '▁'.
 *
 *   const pts = PreTokenizedString.from('Hey friend');
 *   new Metaspace().preTokenize(pts);   // '▁Hey' '▁friend'
 */
import type { PreTokenizer } from '../components.js';
import { TokenizerError } from '../errors.js';
import { bool, type JsonObject, opt, str } from '../json.js';
import { prependTo } from '../normalizers/prepend.js';
import { replaceAll } from '../normalizers/replace.js';
import { findChars, type PreTokenizedString, splitOn } from '../pre-tokenized-string.js';

export type PrependScheme = 'always' | 'first' | 'never';

export class Metaspace implements PreTokenizer {
  static readonly type = 'Metaspace';
  static fromJSON(json: JsonObject, field: string): Metaspace {
    const replacement = opt(json, 'replacement', field, str, '▁');
    if ([...replacement].length !== 1)
      throw new TokenizerError(`${field}.replacement must be one character`);
    let scheme: PrependScheme;
    if (json.prepend_scheme !== undefined) {
      const s = str(json, 'prepend_scheme', field);
      if (s !== 'always' && s !== 'first' && s !== 'never') {
        throw new TokenizerError(`${field}.prepend_scheme must be always, first or never`);
      }
      scheme = s;
    } else {
      // Older files: add_prefix_space true/false.
      scheme = opt(json, 'add_prefix_space', field, bool, true) ? 'always' : 'never';
    }
    return new Metaspace(replacement, scheme, opt(json, 'split', field, bool, true));
  }
  private readonly space = / /g;
  constructor(
    readonly replacement = '▁',
    readonly prependScheme: PrependScheme = 'always',
    readonly split = true,
  ) {}
  preTokenize(pts: PreTokenizedString): void {
    pts.split((input) => {
      let ns = replaceAll(input, this.space, this.replacement);
      const first = ns.originalRange(0, 0)[0] === 0;
      if (
        !ns.normalized.startsWith(this.replacement) &&
        (this.prependScheme === 'always' || (this.prependScheme === 'first' && first))
      ) {
        ns = prependTo(ns, this.replacement);
      }
      if (!this.split) return [ns];
      return splitOn(
        ns,
        findChars(ns.normalized, (c) => c === this.replacement),
        'merged_with_next',
      );
    });
  }
  toJSON() {
    return {
      type: Metaspace.type,
      replacement: this.replacement,
      prepend_scheme: this.prependScheme,
      split: this.split,
    };
  }
}
