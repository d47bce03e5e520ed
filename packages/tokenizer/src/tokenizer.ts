/**
 * The tokenizer: normalizer → pre-tokenizer → model → post-processor, and a decoder for
 * the way back; reads and writes Hugging Face's tokenizer.json.
 *
 *   import { Tokenizer } from '@llm/tokenizer';
 *   const tok = Tokenizer.fromString(tokenizerJsonText);
 *   const enc = tok.encode('Hello world', { addSpecialTokens: true });
 *   enc.ids;                                        // [15496, 995] for GPT-2
 *   tok.decode(enc.ids, { skipSpecialTokens: true }); // 'Hello world'
 *
 * This is the one Tokenizer class, and it never touches the file system, so it runs in a
 * browser: load with `fromString`, `fromJSON` or `fromBuffer` (the bytes of a fetched
 * tokenizer.json). In Node, `Tokenizer.fromFile` / `loadTokenizer(path)` and `save`
 * live in '@llm/tokenizer/node', whose `Tokenizer` is this class with file methods added.
 *
 *   const bytes = new Uint8Array(await (await fetch('/gpt2/tokenizer.json')).arrayBuffer());
 *   const tok = Tokenizer.fromBuffer(bytes, 'gpt2/tokenizer.json');
 */
import {
  type AddedToken,
  type AddedTokenInput,
  AddedVocabulary,
  addedTokensFromJSON,
  addedTokenToJSON,
} from './added-vocabulary.js';
import type { Decoder, Model, Normalizer, PostProcessor, PreTokenizer } from './components.js';
import { Encoding } from './encoding.js';
import { TokenizerError } from './errors.js';
import { int, type Json, type JsonObject, obj, opt, str } from './json.js';
import { NormalizedString } from './normalized-string.js';
import { PreTokenizedString } from './pre-tokenized-string.js';
import {
  loadDecoder,
  loadModel,
  loadNormalizer,
  loadPostProcessor,
  loadPreTokenizer,
} from './registry.js';

export type TruncationStrategy = 'longest_first' | 'only_first' | 'only_second';

export interface TruncationOptions {
  maxLength: number;
  /** Default 'longest_first'. */
  strategy?: TruncationStrategy;
  /** Tokens shared by consecutive overflowing windows. Default 0. */
  stride?: number;
  /** Which end to cut. Default 'right'. */
  direction?: 'right' | 'left';
}

export interface PaddingOptions {
  /** A fixed length, or 'longest' (of the batch). Default 'longest'. */
  length?: number | 'longest';
  direction?: 'right' | 'left';
  padToMultipleOf?: number | null;
  padId?: number;
  padTypeId?: number;
  padToken?: string;
}

export interface EncodeOptions {
  /** The second sequence of a pair. */
  pair?: string | null;
  /** Add the post-processor's special tokens (default true). */
  addSpecialTokens?: boolean;
}

export interface DecodeOptions {
  skipSpecialTokens?: boolean;
}

/** What `Tokenizer.train` needs of a trainer (see trainers/). */
export interface Trainer {
  /** Counts the words `process` makes of each sequence; may be called many times. */
  feed(sequences: Iterable<string>, process: (sequence: string) => string[]): void;
  train(): { model: Model; specialTokens: string[] };
}

export interface TokenizerParts {
  normalizer?: Normalizer | null;
  preTokenizer?: PreTokenizer | null;
  postProcessor?: PostProcessor | null;
  decoder?: Decoder | null;
}

const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Strings reach HF as UTF-8, where a lone surrogate becomes U+FFFD (same length in JS). */
function wellFormed(s: string): string {
  return s.replace(loneSurrogate, '\ufffd');
}

export class Tokenizer {
  model: Model;
  normalizer: Normalizer | null;
  preTokenizer: PreTokenizer | null;
  postProcessor: PostProcessor | null;
  decoder: Decoder | null;
  truncation: Required<TruncationOptions> | null = null;
  padding: Required<PaddingOptions> | null = null;
  readonly added = new AddedVocabulary();

  constructor(model: Model, parts: TokenizerParts = {}) {
    this.model = model;
    this.normalizer = parts.normalizer ?? null;
    this.preTokenizer = parts.preTokenizer ?? null;
    this.postProcessor = parts.postProcessor ?? null;
    this.decoder = parts.decoder ?? null;
  }

  /** From tokenizer.json's text; `source` names the file in error messages. */
  static fromString(text: string, source = 'tokenizer.json'): Tokenizer {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new TokenizerError(`${source} is not valid JSON: ${(e as Error).message}`);
    }
    // biome-ignore lint/complexity/noThisInStatic: a subclass (the Node entry) gets its own type back
    return this.fromJSON(json, source);
  }

  /**
   * From tokenizer.json's bytes (UTF-8, a BOM allowed), e.g. a `fetch` response's body;
   * `source` names the file in error messages, which are one line like fromString's.
   */
  static fromBuffer(bytes: Uint8Array, source = 'tokenizer.json'): Tokenizer {
    let text: string;
    try {
      // fatal: a mis-encoded file is an error, not a vocabulary with U+FFFD in it
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new TokenizerError(`${source} is not valid UTF-8`);
    }
    // biome-ignore lint/complexity/noThisInStatic: a subclass (the Node entry) gets its own type back
    return this.fromString(text, source);
  }

  static fromJSON(json: unknown, source = 'tokenizer.json'): Tokenizer {
    try {
      // biome-ignore lint/complexity/noThisInStatic: a subclass (the Node entry) gets its own type back
      return this.load(json);
    } catch (e) {
      if (e instanceof TokenizerError) throw new TokenizerError(`${source}: ${e.message}`);
      throw e;
    }
  }

  private static load(json: unknown): Tokenizer {
    const o = obj(json, 'tokenizer.json');
    const modelJson = obj(o.model, 'model');
    if (modelJson.type === undefined) modelJson.type = inferModelType(modelJson);
    const model = loadModel(modelJson, 'model');
    const some = <T>(
      v: Json | undefined,
      load: (j: unknown, f: string) => T,
      field: string,
    ): T | null => (v === undefined || v === null ? null : load(v, field));
    const tok = new this(model, {
      normalizer: some(o.normalizer, loadNormalizer, 'normalizer'),
      preTokenizer: some(o.pre_tokenizer, loadPreTokenizer, 'pre_tokenizer'),
      postProcessor: some(o.post_processor, loadPostProcessor, 'post_processor'),
      decoder: some(o.decoder, loadDecoder, 'decoder'),
    });
    for (const [id, t] of addedTokensFromJSON(o.added_tokens, 'added_tokens')) tok.added.set(id, t);
    tok.added.refresh(tok.normalizer);
    if (o.truncation !== undefined && o.truncation !== null)
      tok.truncation = truncationFromJSON(o.truncation);
    if (o.padding !== undefined && o.padding !== null) tok.padding = paddingFromJSON(o.padding);
    return tok;
  }

  toJSON(): JsonObject {
    return {
      version: '1.0',
      truncation: this.truncation && {
        direction: this.truncation.direction === 'left' ? 'Left' : 'Right',
        max_length: this.truncation.maxLength,
        strategy: {
          longest_first: 'LongestFirst',
          only_first: 'OnlyFirst',
          only_second: 'OnlySecond',
        }[this.truncation.strategy],
        stride: this.truncation.stride,
      },
      padding: this.padding && {
        strategy:
          this.padding.length === 'longest' ? 'BatchLongest' : { Fixed: this.padding.length },
        direction: this.padding.direction === 'left' ? 'Left' : 'Right',
        pad_to_multiple_of: this.padding.padToMultipleOf,
        pad_id: this.padding.padId,
        pad_type_id: this.padding.padTypeId,
        pad_token: this.padding.padToken,
      },
      added_tokens: this.added.entries().map(([id, t]) => addedTokenToJSON(id, t)),
      normalizer: this.normalizer?.toJSON() ?? null,
      pre_tokenizer: this.preTokenizer?.toJSON() ?? null,
      post_processor: this.postProcessor?.toJSON() ?? null,
      decoder: this.decoder?.toJSON() ?? null,
      model: this.model.toJSON(),
    };
  }

  /** tokenizer.json text (2-space indented like HF's pretty output, or compact). */
  toString(pretty = true): string {
    return JSON.stringify(this.toJSON(), null, pretty ? 2 : undefined);
  }

  setTruncation(options: TruncationOptions | null): this {
    if (options === null) {
      this.truncation = null;
      return this;
    }
    const t: Required<TruncationOptions> = {
      maxLength: options.maxLength,
      strategy: options.strategy ?? 'longest_first',
      stride: options.stride ?? 0,
      direction: options.direction ?? 'right',
    };
    if (!Number.isInteger(t.maxLength) || t.maxLength < 0) {
      throw new TokenizerError(
        `truncation maxLength must be a non-negative integer, got ${options.maxLength}`,
      );
    }
    if (t.stride >= t.maxLength && t.maxLength > 0) {
      throw new TokenizerError(
        `truncation stride (${t.stride}) must be smaller than maxLength (${t.maxLength})`,
      );
    }
    this.truncation = t;
    return this;
  }

  setPadding(options: PaddingOptions | null): this {
    if (options === null) {
      this.padding = null;
      return this;
    }
    this.padding = {
      length: options.length ?? 'longest',
      direction: options.direction ?? 'right',
      padToMultipleOf: options.padToMultipleOf ?? null,
      padId: options.padId ?? 0,
      padTypeId: options.padTypeId ?? 0,
      padToken: options.padToken ?? '[PAD]',
    };
    return this;
  }

  addTokens(tokens: readonly AddedTokenInput[]): number {
    return this.added.add(tokens, this.model, this.normalizer, false);
  }
  addSpecialTokens(tokens: readonly AddedTokenInput[]): number {
    return this.added.add(tokens, this.model, this.normalizer, true);
  }
  get addedTokens(): [number, AddedToken][] {
    return this.added.entries();
  }

  tokenToId(token: string): number | undefined {
    return this.added.idOf(token) ?? this.model.tokenToId(token);
  }
  idToToken(id: number): string | undefined {
    return this.added.tokenOf(id)?.content ?? this.model.idToToken(id);
  }
  getVocab(withAddedTokens = true): Map<string, number> {
    const v = this.model.getVocab();
    if (withAddedTokens) for (const [id, t] of this.added.entries()) v.set(t.content, id);
    return v;
  }
  getVocabSize(withAddedTokens = true): number {
    return withAddedTokens ? this.getVocab(true).size : this.model.vocabSize;
  }

  /** The words a trainer counts: the normalized, pre-tokenized pieces of a sequence. */
  wordsOf(sequence: string): string[] {
    let ns = NormalizedString.from(wellFormed(sequence));
    if (this.normalizer) ns = this.normalizer.normalize(ns);
    const pts = new PreTokenizedString([{ ns }]);
    if (this.preTokenizer) this.preTokenizer.preTokenize(pts);
    return pts.splits.map((sp) => sp.ns.normalized).filter((w) => w !== '');
  }

  /**
   * Trains a new model on `sequences` (lines, each with its line ending, as HF reads
   * files) with this tokenizer's normalizer and pre-tokenizer; the trainer's special
   * tokens become added special tokens. To stream input larger than memory, call
   * `trainer.feed` chunk by chunk (see '@llm/tokenizer/node') and then `trainWith`.
   */
  train(trainer: Trainer, sequences: Iterable<string>): this {
    trainer.feed(sequences, (s) => this.wordsOf(s));
    return this.trainWith(trainer);
  }

  /** Replaces the model with what an already-fed trainer learned. */
  trainWith(trainer: Trainer): this {
    const { model, specialTokens } = trainer.train();
    this.model = model;
    this.addSpecialTokens(specialTokens);
    return this;
  }

  /** One sequence through normalizer, pre-tokenizer and model, before post-processing. */
  encodeSequence(text: string, typeId = 0): Encoding {
    const pts = this.added.extractAndNormalize(wellFormed(text), this.normalizer);
    if (this.preTokenizer) this.preTokenizer.preTokenize(pts);
    return this.tokenize(pts, typeId);
  }

  private tokenize(pts: PreTokenizedString, typeId: number): Encoding {
    const e = new Encoding();
    const { ids, tokens, offsets, wordIds } = e;
    const tokenized = pts.splits.map((sp) => sp.tokens);
    let first = 0;
    let last = pts.splits.length;
    const t = this.truncation;
    if (t !== null && (t.strategy !== 'only_second' || typeId !== 0)) {
      // HF 0.23's early exit: model-tokenize whole words only until max_length tokens are
      // reached from the kept end; words beyond never reach the overflowing windows.
      const right = t.direction === 'right';
      let total = 0;
      for (let k = 0; k < pts.splits.length; k++) {
        const i = right ? k : pts.splits.length - 1 - k;
        const sp = pts.splits[i]!;
        const had = sp.tokens !== undefined;
        tokenized[i] ??= this.model.tokenize(sp.ns.normalized);
        total += tokenized[i]!.length;
        if (right) last = i + 1;
        else first = i;
        if (!had && total >= t.maxLength) break;
      }
    }
    for (let i = first; i < last; i++) {
      const sp = pts.splits[i]!;
      const toks = tokenized[i] ?? this.model.tokenize(sp.ns.normalized);
      for (const tk of toks) {
        ids.push(tk.id);
        tokens.push(tk.value);
        offsets.push(sp.ns.originalRange(tk.start, tk.end));
        wordIds.push(i - first);
      }
    }
    const n = ids.length;
    e.typeIds = new Array(n).fill(typeId);
    e.attentionMask = new Array(n).fill(1);
    e.specialTokensMask = new Array(n).fill(0);
    e.sequenceIds = new Array(n).fill(typeId);
    return e;
  }

  encode(text: string, options: EncodeOptions = {}): Encoding {
    const encoding = this.encodeSequence(text, 0);
    const pair = options.pair == null ? null : this.encodeSequence(options.pair, 1);
    const out = this.postProcess(encoding, pair, options.addSpecialTokens ?? true);
    if (this.padding) padEncodings([out], this.padding);
    return out;
  }

  /** Encodes every input ([text, pair] for pairs), then pads them together. */
  encodeBatch(
    inputs: readonly (string | readonly [string, string])[],
    options: Omit<EncodeOptions, 'pair'> = {},
  ): Encoding[] {
    const out = inputs.map((input) => {
      const [a, b] = typeof input === 'string' ? [input, null] : input;
      const e = this.encodeSequence(a, 0);
      const p = b === null ? null : this.encodeSequence(b, 1);
      return this.postProcess(e, p, options.addSpecialTokens ?? true);
    });
    if (this.padding) padEncodings(out, this.padding);
    return out;
  }

  /** Truncation, then the post-processor (HF's `post_process`, without padding). */
  postProcess(encoding: Encoding, pair: Encoding | null, addSpecialTokens = true): Encoding {
    let a = encoding;
    let b = pair;
    if (this.truncation) {
      const added =
        addSpecialTokens && this.postProcessor ? this.postProcessor.addedTokens(b !== null) : 0;
      const t = { ...this.truncation, maxLength: this.truncation.maxLength - added };
      if (t.maxLength < 0) {
        throw new TokenizerError(
          `truncation maxLength ${this.truncation.maxLength} leaves no room for ${added} special tokens`,
        );
      }
      [a, b] = truncateEncodings(a, b, t);
    }
    const encodings = b === null ? [a] : [a, b];
    if (this.postProcessor) {
      encodings.forEach((e, i) => {
        e.setSequenceId(i);
        for (const o of e.overflowing) o.setSequenceId(i);
        e.typeIds = e.ids.map(() => i);
      });
      return Encoding.merge(
        this.postProcessor.processEncodings(encodings, addSpecialTokens),
        false,
      );
    }
    if (encodings.length === 1) return a;
    return Encoding.merge(encodings, false);
  }

  decode(ids: readonly number[], options: DecodeOptions = {}): string {
    const tokens: string[] = [];
    for (const id of ids) {
      const added = this.added.tokenOf(id);
      const t = added?.content ?? this.model.idToToken(id);
      if (t === undefined) continue;
      if (options.skipSpecialTokens && added?.special) continue;
      tokens.push(t);
    }
    return this.decoder ? this.decoder.decodeChain(tokens).join('') : tokens.join(' ');
  }

  decodeBatch(batch: readonly (readonly number[])[], options: DecodeOptions = {}): string[] {
    return batch.map((ids) => this.decode(ids, options));
  }
}

/** HF's truncate_encodings. */
export function truncateEncodings(
  encoding: Encoding,
  pair: Encoding | null,
  t: Required<TruncationOptions>,
): [Encoding, Encoding | null] {
  if (t.maxLength === 0) {
    encoding.truncate(0, t.stride, t.direction);
    pair?.truncate(0, t.stride, t.direction);
    return [encoding, pair];
  }
  const total = encoding.length + (pair?.length ?? 0);
  if (total <= t.maxLength) return [encoding, pair];
  const toRemove = total - t.maxLength;
  if (t.strategy === 'longest_first') {
    if (pair === null) {
      encoding.truncate(total - toRemove, t.stride, t.direction);
      return [encoding, pair];
    }
    let n1 = encoding.length;
    let n2 = pair.length;
    const swap = n1 > n2;
    if (swap) [n1, n2] = [n2, n1];
    n2 = n1 > t.maxLength ? n1 : Math.max(n1, t.maxLength - n1);
    if (n1 + n2 > t.maxLength) {
      n1 = Math.floor(t.maxLength / 2);
      n2 = n1 + (t.maxLength % 2);
    }
    if (swap) [n1, n2] = [n2, n1];
    encoding.truncate(n1, t.stride, t.direction);
    pair.truncate(n2, t.stride, t.direction);
    return [encoding, pair];
  }
  const target = t.strategy === 'only_first' ? encoding : pair;
  if (target === null) throw new TokenizerError('truncation only_second needs a pair of sequences');
  if (target.length <= toRemove) {
    throw new TokenizerError(
      `truncation ${t.strategy}: the sequence is too short to fit max length ${t.maxLength}`,
    );
  }
  target.truncate(target.length - toRemove, t.stride, t.direction);
  return [encoding, pair];
}

/** HF's pad_encodings: to a fixed length or the batch's longest, rounded up to a multiple. */
export function padEncodings(encodings: Encoding[], p: Required<PaddingOptions>): void {
  if (encodings.length === 0) return;
  let length = p.length === 'longest' ? Math.max(...encodings.map((e) => e.length)) : p.length;
  const m = p.padToMultipleOf;
  if (m !== null && m > 0 && length % m > 0) length += m - (length % m);
  for (const e of encodings) e.pad(length, p.padId, p.padTypeId, p.padToken, p.direction);
}

function inferModelType(m: JsonObject): string {
  if (Array.isArray(m.vocab)) return 'Unigram';
  if (m.merges !== undefined) return 'BPE';
  if (m.continuing_subword_prefix !== undefined || m.max_input_chars_per_word !== undefined)
    return 'WordPiece';
  throw new TokenizerError(
    'model.type is missing and cannot be inferred (supported: BPE, Unigram, WordPiece)',
  );
}

function truncationFromJSON(v: unknown): Required<TruncationOptions> {
  const o = obj(v, 'truncation');
  const strategies: Record<string, TruncationStrategy> = {
    LongestFirst: 'longest_first',
    OnlyFirst: 'only_first',
    OnlySecond: 'only_second',
  };
  const s = opt(o, 'strategy', 'truncation', str, 'LongestFirst');
  const strategy = strategies[s];
  if (strategy === undefined) {
    throw new TokenizerError(
      `truncation.strategy must be one of ${Object.keys(strategies).join(', ')}`,
    );
  }
  const d = opt(o, 'direction', 'truncation', str, 'Right');
  if (d !== 'Right' && d !== 'Left')
    throw new TokenizerError('truncation.direction must be Right or Left');
  return {
    maxLength: int(o, 'max_length', 'truncation'),
    strategy,
    stride: opt(o, 'stride', 'truncation', int, 0),
    direction: d === 'Left' ? 'left' : 'right',
  };
}

function paddingFromJSON(v: unknown): Required<PaddingOptions> {
  const o = obj(v, 'padding');
  let length: number | 'longest';
  if (o.strategy === 'BatchLongest' || o.strategy === undefined) length = 'longest';
  else {
    const s = obj(o.strategy, 'padding.strategy');
    length = int(s, 'Fixed', 'padding.strategy');
  }
  const d = opt(o, 'direction', 'padding', str, 'Right');
  if (d !== 'Right' && d !== 'Left')
    throw new TokenizerError('padding.direction must be Right or Left');
  return {
    length,
    direction: d === 'Left' ? 'left' : 'right',
    padToMultipleOf: opt<number | null>(o, 'pad_to_multiple_of', 'padding', int, null),
    padId: opt(o, 'pad_id', 'padding', int, 0),
    padTypeId: opt(o, 'pad_type_id', 'padding', int, 0),
    padToken: opt(o, 'pad_token', 'padding', str, '[PAD]'),
  };
}
