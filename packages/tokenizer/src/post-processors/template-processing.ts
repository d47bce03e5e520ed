/**
 * Adds special tokens around the sequences by a template, e.g. BERT's
 * `[CLS] $A [SEP]` and `[CLS] $A [SEP] $B:1 [SEP]:1` (`:n` is the type id).
 *
 *   const t = TemplateProcessing.fromTemplates('[CLS] $A [SEP]', '[CLS] $A [SEP] $B:1 [SEP]:1',
 *     [['[CLS]', 101], ['[SEP]', 102]]);
 *   t.addedTokens(true);   // 3
 */
import type { PostProcessor } from '../components.js';
import { Encoding } from '../encoding.js';
import { TokenizerError } from '../errors.js';
import { arr, type Json, type JsonObject, obj } from '../json.js';

export type Piece =
  | { kind: 'sequence'; id: 'A' | 'B'; typeId: number }
  | { kind: 'special'; id: string; typeId: number };

export interface SpecialTokenSpec {
  id: string;
  ids: number[];
  tokens: string[];
}

export class TemplateProcessing implements PostProcessor {
  static readonly type = 'TemplateProcessing';
  static fromJSON(json: JsonObject, field: string): TemplateProcessing {
    const specials = new Map<string, SpecialTokenSpec>();
    const st = obj(json.special_tokens ?? {}, `${field}.special_tokens`);
    for (const [key, v] of Object.entries(st)) {
      const f = `${field}.special_tokens[${JSON.stringify(key)}]`;
      const o = obj(v, f);
      const ids = arr(o.ids, `${f}.ids`);
      const tokens = arr(o.tokens, `${f}.tokens`);
      if (
        !ids.every((x) => typeof x === 'number') ||
        !tokens.every((x) => typeof x === 'string') ||
        ids.length !== tokens.length
      ) {
        throw new TokenizerError(`${f} must have as many numeric ids as string tokens`);
      }
      specials.set(key, {
        id: typeof o.id === 'string' ? o.id : key,
        ids: ids as number[],
        tokens: tokens as string[],
      });
    }
    return new TemplateProcessing(
      readTemplate(json.single, `${field}.single`),
      readTemplate(json.pair, `${field}.pair`),
      specials,
      field,
    );
  }

  /** From template strings: `$A`, `$B`, `$A:1`, `[SEP]:1`; specials as [token, id]. */
  static fromTemplates(
    single: string,
    pair: string,
    specialTokens: readonly [string, number][],
  ): TemplateProcessing {
    const specials = new Map<string, SpecialTokenSpec>();
    for (const [t, id] of specialTokens) specials.set(t, { id: t, ids: [id], tokens: [t] });
    return new TemplateProcessing(parseTemplate(single), parseTemplate(pair), specials);
  }

  constructor(
    readonly single: readonly Piece[],
    readonly pair: readonly Piece[],
    readonly specialTokens: ReadonlyMap<string, SpecialTokenSpec>,
    field = 'post_processor',
  ) {
    for (const p of [...single, ...pair]) {
      if (p.kind === 'special' && !specialTokens.has(p.id)) {
        throw new TokenizerError(
          `${field}: template uses "${p.id}" which is missing from special_tokens`,
        );
      }
    }
  }

  addedTokens(isPair: boolean): number {
    let n = 0;
    for (const p of isPair ? this.pair : this.single) {
      if (p.kind === 'special') n += this.specialTokens.get(p.id)!.ids.length;
    }
    return n;
  }

  processEncodings(encodings: Encoding[], addSpecialTokens: boolean): Encoding[] {
    const template = encodings.length === 2 ? this.pair : this.single;
    const out: Encoding[] = [];
    for (const p of template) {
      if (p.kind === 'sequence') {
        const i = p.id === 'A' ? 0 : 1;
        const e = encodings[i];
        if (e === undefined) continue;
        e.typeIds = e.ids.map(() => p.typeId);
        e.setSequenceId(i);
        out.push(e.clone());
      } else if (addSpecialTokens) {
        const spec = this.specialTokens.get(p.id)!;
        const e = new Encoding();
        e.ids = spec.ids.slice();
        e.tokens = spec.tokens.slice();
        e.typeIds = spec.ids.map(() => p.typeId);
        e.offsets = spec.ids.map(() => [0, 0]);
        e.wordIds = spec.ids.map(() => null);
        e.sequenceIds = spec.ids.map(() => null);
        e.specialTokensMask = spec.ids.map(() => 1);
        e.attentionMask = spec.ids.map(() => 1);
        out.push(e);
      }
    }
    return out;
  }

  toJSON(): JsonObject {
    const piece = (p: Piece): Json =>
      p.kind === 'sequence'
        ? { Sequence: { id: p.id, type_id: p.typeId } }
        : { SpecialToken: { id: p.id, type_id: p.typeId } };
    const specials: JsonObject = {};
    for (const [k, v] of [...this.specialTokens].sort((a, b) =>
      a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0,
    )) {
      specials[k] = { id: v.id, ids: v.ids, tokens: v.tokens };
    }
    return {
      type: TemplateProcessing.type,
      single: this.single.map(piece),
      pair: this.pair.map(piece),
      special_tokens: specials,
    };
  }
}

function readTemplate(v: unknown, field: string): Piece[] {
  if (typeof v === 'string') return parseTemplate(v);
  return arr(v, field).map((p, i) => {
    const f = `${field}[${i}]`;
    const o = obj(p, f);
    if (o.Sequence !== undefined) {
      const s = obj(o.Sequence, `${f}.Sequence`);
      if (s.id !== 'A' && s.id !== 'B')
        throw new TokenizerError(`${f}.Sequence.id must be "A" or "B"`);
      return { kind: 'sequence', id: s.id, typeId: typeof s.type_id === 'number' ? s.type_id : 0 };
    }
    if (o.SpecialToken !== undefined) {
      const s = obj(o.SpecialToken, `${f}.SpecialToken`);
      if (typeof s.id !== 'string')
        throw new TokenizerError(`${f}.SpecialToken.id must be a string`);
      return { kind: 'special', id: s.id, typeId: typeof s.type_id === 'number' ? s.type_id : 0 };
    }
    throw new TokenizerError(`${f} must be {"Sequence": ...} or {"SpecialToken": ...}`);
  });
}

/** `[CLS] $A [SEP] $B:1 [SEP]:1` → pieces. */
export function parseTemplate(template: string): Piece[] {
  return template
    .split(' ')
    .filter((w) => w !== '')
    .map((w): Piece => {
      const colon = w.lastIndexOf(':');
      const hasType = colon > 0 && /^\d+$/.test(w.slice(colon + 1));
      const name = hasType ? w.slice(0, colon) : w;
      const typeId = hasType ? Number(w.slice(colon + 1)) : 0;
      if (name === '$' || name === '$A') return { kind: 'sequence', id: 'A', typeId };
      if (name === '$B') return { kind: 'sequence', id: 'B', typeId };
      if (/^\$\d+$/.test(name)) return { kind: 'sequence', id: 'A', typeId: Number(name.slice(1)) };
      return { kind: 'special', id: name, typeId };
    });
}
