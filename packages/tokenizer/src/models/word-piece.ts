/**
 * WordPiece (BERT): greedy longest-match-first from the left; pieces after the first get
 * the `##` prefix; a word with no full cover (or too long) is one unknown token.
 *
 *   const wp = new WordPiece(new Map([['[UNK]', 0], ['un', 1], ['##aff', 2], ['##able', 3]]));
 *   wp.tokenize('unaffable').map((t) => t.value);   // ['un', '##aff', '##able']
 */
import type { Model } from '../components.js';
import { TokenizerError } from '../errors.js';
import { int, type JsonObject, opt, str } from '../json.js';
import type { ModelToken } from '../pre-tokenized-string.js';
import { readVocab, vocabToJSON } from '../vocab.js';

export interface WordPieceOptions {
  unkToken?: string;
  continuingSubwordPrefix?: string;
  maxInputCharsPerWord?: number;
}

export class WordPiece implements Model {
  static readonly type = 'WordPiece';
  static fromJSON(json: JsonObject, field: string): WordPiece {
    const { vocab } = readVocab(json.vocab, `${field}.vocab`);
    return new WordPiece(vocab, {
      unkToken: opt(json, 'unk_token', field, str, '[UNK]'),
      continuingSubwordPrefix: opt(json, 'continuing_subword_prefix', field, str, '##'),
      maxInputCharsPerWord: opt(json, 'max_input_chars_per_word', field, int, 100),
    });
  }

  /** One token a line, the line number is the id (BERT's vocab.txt). */
  static fromVocabTxt(text: string, options: WordPieceOptions = {}): WordPiece {
    const vocab = new Map<string, number>();
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    lines.forEach((line, i) => {
      vocab.set(line.replace(/\r$/, ''), i);
    });
    return new WordPiece(vocab, options);
  }

  readonly vocab: Map<string, number>;
  private readonly byId: string[] = [];
  readonly unkToken: string;
  readonly continuingSubwordPrefix: string;
  readonly maxInputCharsPerWord: number;
  private readonly cache = new Map<string, ModelToken[]>();

  constructor(vocab: Map<string, number>, options: WordPieceOptions = {}) {
    this.vocab = vocab;
    for (const [t, id] of vocab) this.byId[id] = t;
    this.unkToken = options.unkToken ?? '[UNK]';
    this.continuingSubwordPrefix = options.continuingSubwordPrefix ?? '##';
    this.maxInputCharsPerWord = options.maxInputCharsPerWord ?? 100;
  }

  get vocabSize(): number {
    return this.vocab.size;
  }
  tokenToId(token: string): number | undefined {
    return this.vocab.get(token);
  }
  idToToken(id: number): string | undefined {
    return this.byId[id];
  }
  getVocab(): Map<string, number> {
    return new Map(this.vocab);
  }

  private unk(sequence: string): ModelToken[] {
    const id = this.vocab.get(this.unkToken);
    if (id === undefined)
      throw new TokenizerError(`model.unk_token "${this.unkToken}" is not in the vocabulary`);
    return [{ id, value: this.unkToken, start: 0, end: sequence.length }];
  }

  tokenize(sequence: string): ModelToken[] {
    const hit = this.cache.get(sequence);
    if (hit !== undefined) return hit;
    const out = this.tokenizeUncached(sequence);
    if (this.cache.size < 100_000) this.cache.set(sequence, out);
    return out;
  }

  private tokenizeUncached(sequence: string): ModelToken[] {
    let chars = 0;
    for (let i = 0; i < sequence.length; i++) {
      const c = sequence.charCodeAt(i);
      if (!(c >= 0xdc00 && c <= 0xdfff && i > 0)) chars++;
    }
    if (chars > this.maxInputCharsPerWord) return this.unk(sequence);
    const out: ModelToken[] = [];
    let start = 0;
    while (start < sequence.length) {
      let end = sequence.length;
      let found: ModelToken | null = null;
      while (start < end) {
        let sub = sequence.slice(start, end);
        if (start > 0) sub = this.continuingSubwordPrefix + sub;
        const id = this.vocab.get(sub);
        if (id !== undefined) {
          found = { id, value: sub, start, end };
          break;
        }
        // step back one whole char
        const last = sequence.charCodeAt(end - 1);
        end -= last >= 0xdc00 && last <= 0xdfff && end - 2 >= start ? 2 : 1;
      }
      if (found === null) return this.unk(sequence);
      out.push(found);
      start = end;
    }
    return out;
  }

  toJSON(): JsonObject {
    return {
      type: WordPiece.type,
      unk_token: this.unkToken,
      continuing_subword_prefix: this.continuingSubwordPrefix,
      max_input_chars_per_word: this.maxInputCharsPerWord,
      vocab: vocabToJSON(this.vocab),
    };
  }
}
