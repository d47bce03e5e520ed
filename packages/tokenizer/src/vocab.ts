/**
 * Reading a vocabulary from tokenizer.json: `{"token": id, ...}` with ids checked.
 *
 *   const { vocab, byId } = readVocab({ a: 0, b: 1 }, 'model.vocab');
 */
import { TokenizerError } from './errors.js';
import { type Json, obj } from './json.js';

export function readVocab(
  v: Json | undefined,
  field: string,
): { vocab: Map<string, number>; byId: string[] } {
  const o = obj(v, field);
  const vocab = new Map<string, number>();
  const byId: string[] = [];
  for (const [token, id] of Object.entries(o)) {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) {
      throw new TokenizerError(
        `${field}[${JSON.stringify(token)}] must be a non-negative integer id`,
      );
    }
    vocab.set(token, id);
    byId[id] = token;
  }
  return { vocab, byId };
}

/** `{"token": id}` ordered by id, as HF writes it. */
export function vocabToJSON(vocab: ReadonlyMap<string, number>): Record<string, number> {
  const entries = [...vocab].sort((a, b) => a[1] - b[1]);
  const out: Record<string, number> = {};
  for (const [t, id] of entries) out[t] = id;
  return out;
}
