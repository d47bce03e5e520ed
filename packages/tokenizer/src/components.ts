/**
 * The five kinds of pipeline pieces and the shape every implementation has. One class per
 * file under normalizers/, pre-tokenizers/, models/, post-processors/, decoders/; each has
 * a static `type` (its HF name) and a static `fromJSON`, and registries are built from
 * the folders' exports — add a file, never edit a switch.
 *
 *   class Lowercase implements Normalizer {
 *     static readonly type = 'Lowercase';
 *     static fromJSON() { return new Lowercase(); }
 *     normalize(ns: NormalizedString) { return ns.mapChars((c) => c.toLowerCase()); }
 *     toJSON() { return { type: 'Lowercase' }; }
 *   }
 */
import type { Encoding } from './encoding.js';
import type { JsonObject } from './json.js';
import type { NormalizedString } from './normalized-string.js';
import type { ModelToken, PreTokenizedString } from './pre-tokenized-string.js';

export interface Normalizer {
  normalize(ns: NormalizedString): NormalizedString;
  toJSON(): JsonObject;
}

export interface PreTokenizer {
  preTokenize(pts: PreTokenizedString): void;
  toJSON(): JsonObject;
}

export interface Model {
  /** Tokens of one pre-tokenized piece, offsets in code units of `sequence`. */
  tokenize(sequence: string): ModelToken[];
  tokenToId(token: string): number | undefined;
  idToToken(id: number): string | undefined;
  getVocab(): Map<string, number>;
  readonly vocabSize: number;
  toJSON(): JsonObject;
}

export interface PostProcessor {
  /** How many tokens `processEncodings` adds (for truncation's budget). */
  addedTokens(isPair: boolean): number;
  /** Adds special tokens and sets type ids; returns the encodings to merge. */
  processEncodings(encodings: Encoding[], addSpecialTokens: boolean): Encoding[];
  toJSON(): JsonObject;
}

export interface Decoder {
  /** Maps the tokens to the pieces of text that are joined into the decoded string. */
  decodeChain(tokens: string[]): string[];
  toJSON(): JsonObject;
}

/** What a module file exports for the registry: its HF type name and a loader. */
export interface ComponentClass<T> {
  readonly type: string;
  fromJSON(json: JsonObject, field: string, load: (json: unknown, field: string) => T): T;
}
