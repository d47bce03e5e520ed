/**
 * Tokens added on top of the model's vocabulary (specials such as `[CLS]` or
 * `<|endoftext|>`, or user words). They are cut out of the text before the model runs:
 * tokens with `normalized: false` from the raw text, the others after normalization.
 *
 *   const added = new AddedVocabulary();
 *   added.add([{ content: '<|endoftext|>', special: true }], model, null);
 *   added.extractAndNormalize('hi<|endoftext|>', null).splits.length;   // 2
 */
import type { Model, Normalizer } from './components.js';
import { TokenizerError } from './errors.js';
import { arr, bool, escapeRegex, int, type JsonObject, obj, opt, str } from './json.js';
import { NormalizedString } from './normalized-string.js';
import { PreTokenizedString, type Split } from './pre-tokenized-string.js';

export interface AddedToken {
  readonly content: string;
  /** Only match as a whole word (not inside another word). */
  readonly singleWord: boolean;
  /** Swallow whitespace on the left / right of a match. */
  readonly lstrip: boolean;
  readonly rstrip: boolean;
  /** Match against the normalized text (true) or the raw text (false). */
  readonly normalized: boolean;
  /** Special tokens are skipped by `decode(ids, { skipSpecialTokens: true })`. */
  readonly special: boolean;
}

export type AddedTokenInput = string | (Partial<AddedToken> & { content: string });

const word = /[\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}]/u;
const space = /\p{White_Space}/u;

export class AddedVocabulary {
  private readonly byId = new Map<number, AddedToken>();
  private readonly byContent = new Map<string, number>();
  private rawRe: RegExp | null = null;
  private normRe: RegExp | null = null;
  /** content as matched in normalized text → id */
  private normContent = new Map<string, number>();

  get size(): number {
    return this.byId.size;
  }

  /** In id order, as tokenizer.json lists them. */
  entries(): [number, AddedToken][] {
    return [...this.byId].sort((a, b) => a[0] - b[0]);
  }

  idOf(content: string): number | undefined {
    return this.byContent.get(content);
  }
  tokenOf(id: number): AddedToken | undefined {
    return this.byId.get(id);
  }
  isSpecial(content: string): boolean {
    const id = this.byContent.get(content);
    return id !== undefined && this.byId.get(id)!.special;
  }

  /** Adds tokens, reusing the model's id when it knows the token; returns how many got a new id. */
  add(
    tokens: readonly AddedTokenInput[],
    model: Model,
    normalizer: Normalizer | null,
    special = false,
  ): number {
    let added = 0;
    for (const t of tokens) {
      const tok = toAddedToken(t, special);
      if (tok.content === '') continue;
      if (this.byContent.has(tok.content)) {
        this.byId.set(this.byContent.get(tok.content)!, tok);
        continue;
      }
      let id = model.tokenToId(tok.content);
      if (id === undefined) {
        // HF: after the largest added id, or at the end of the model's vocabulary.
        const ids = [...this.byId.keys()];
        const n = model.vocabSize;
        if (ids.length === 0) id = n;
        else {
          const max = Math.max(...ids);
          id = max >= n || n === 0 ? max + 1 : n;
        }
        added++;
      }
      this.set(id, tok);
    }
    this.refresh(normalizer);
    return added;
  }

  /** With an explicit id (tokenizer.json). */
  set(id: number, tok: AddedToken): void {
    this.byId.set(id, tok);
    this.byContent.set(tok.content, id);
  }

  /** Rebuilds the matchers (normalized tokens are matched in their normalized form). */
  refresh(normalizer: Normalizer | null): void {
    const raw: string[] = [];
    this.normContent = new Map();
    for (const [id, t] of this.byId) {
      if (!t.normalized) raw.push(t.content);
      else {
        const n = normalizer
          ? normalizer.normalize(NormalizedString.from(t.content)).normalized
          : t.content;
        if (n !== '') this.normContent.set(n, id);
      }
    }
    // Longest first: JS alternation is leftmost-first, this makes it leftmost-longest.
    const build = (list: string[]) =>
      list.length === 0
        ? null
        : new RegExp(
            list
              .sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
              .map(escapeRegex)
              .join('|'),
            'gu',
          );
    this.rawRe = build(raw);
    this.normRe = build([...this.normContent.keys()]);
  }

  private split(ns: NormalizedString, re: RegExp | null, normalized: boolean): Split[] {
    const s = ns.normalized;
    if (re === null || s.length === 0) return [{ ns }];
    const out: Split[] = [];
    let last = 0;
    re.lastIndex = 0;
    for (let m = re.exec(s); m !== null; m = re.exec(s)) {
      const id = normalized ? this.normContent.get(m[0])! : this.byContent.get(m[0])!;
      const tok = this.byId.get(id)!;
      let start = m.index;
      let stop = start + m[0].length;
      if (tok.singleWord) {
        const before = start === 0 || !word.test(lastChar(s, start));
        const after = stop === s.length || !word.test(firstChar(s, stop));
        if (!before || !after) {
          re.lastIndex = start + 1;
          continue;
        }
      }
      if (tok.lstrip) {
        let k = start;
        while (k > last && space.test(s[k - 1]!)) k--;
        start = k;
      }
      if (tok.rstrip) {
        while (stop < s.length && space.test(s[stop]!)) stop++;
        re.lastIndex = stop;
      }
      if (last < start) out.push({ ns: ns.slice(last, start) });
      const slice = ns.slice(start, stop);
      out.push({
        ns: slice,
        tokens: [{ id, value: slice.normalized, start: 0, end: slice.length }],
      });
      last = stop;
    }
    if (last < s.length) out.push({ ns: ns.slice(last, s.length) });
    return out;
  }

  /** Cuts added tokens out, normalizing the rest (HF's extract_and_normalize). */
  extractAndNormalize(text: string, normalizer: Normalizer | null): PreTokenizedString {
    const pts = PreTokenizedString.from(text);
    pts.splits = this.split(pts.splits[0]!.ns, this.rawRe, false);
    const out: Split[] = [];
    for (const sp of pts.splits) {
      if (sp.tokens !== undefined) {
        out.push(sp);
        continue;
      }
      const ns = normalizer ? normalizer.normalize(sp.ns) : sp.ns;
      for (const piece of this.split(ns, this.normRe, true))
        if (piece.ns.length > 0 || piece.tokens) out.push(piece);
    }
    pts.splits = out;
    return pts;
  }
}

function lastChar(s: string, end: number): string {
  const c = s.charCodeAt(end - 1);
  return c >= 0xdc00 && c <= 0xdfff && end >= 2 ? s.slice(end - 2, end) : s[end - 1]!;
}
function firstChar(s: string, start: number): string {
  return String.fromCodePoint(s.codePointAt(start)!);
}

export function toAddedToken(t: AddedTokenInput, special = false): AddedToken {
  if (typeof t === 'string') {
    return {
      content: t,
      singleWord: false,
      lstrip: false,
      rstrip: false,
      normalized: !special,
      special,
    };
  }
  const isSpecial = t.special ?? special;
  return {
    content: t.content,
    singleWord: t.singleWord ?? false,
    lstrip: t.lstrip ?? false,
    rstrip: t.rstrip ?? false,
    normalized: t.normalized ?? !isSpecial,
    special: isSpecial,
  };
}

export function addedTokenFromJSON(v: unknown, field: string): [number, AddedToken] {
  const o = obj(v, field);
  return [
    int(o, 'id', field),
    {
      content: str(o, 'content', field),
      singleWord: opt(o, 'single_word', field, bool, false),
      lstrip: opt(o, 'lstrip', field, bool, false),
      rstrip: opt(o, 'rstrip', field, bool, false),
      normalized: opt(o, 'normalized', field, bool, true),
      special: opt(o, 'special', field, bool, false),
    },
  ];
}

export function addedTokensFromJSON(v: unknown, field: string): [number, AddedToken][] {
  if (v === undefined || v === null) return [];
  const list = arr(v, field).map((t, i) => addedTokenFromJSON(t, `${field}[${i}]`));
  const seen = new Set<number>();
  for (const [id] of list) {
    if (seen.has(id)) throw new TokenizerError(`${field}: id ${id} is used twice`);
    seen.add(id);
  }
  return list;
}

export function addedTokenToJSON(id: number, t: AddedToken): JsonObject {
  return {
    id,
    content: t.content,
    single_word: t.singleWord,
    lstrip: t.lstrip,
    rstrip: t.rstrip,
    normalized: t.normalized,
    special: t.special,
  };
}
