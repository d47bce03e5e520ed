/**
 * Entity-level precision, recall and F1 over tag sequences (BIO / IOB1 / IOE / IOBES), as
 * `seqeval` in its default, conlleval-compatible mode: an entity is a (type, start, end)
 * chunk, and counts only if the prediction has exactly that chunk. Micro (default), macro
 * or weighted over entity types, with scikit-learn's `zeroDivision`. Values 0–1.
 *
 *   import { entityF1 } from '@llm/eval-metrics';
 *   const truth = [['O', 'B-MISC', 'I-MISC', 'O'], ['B-PER', 'I-PER']];
 *   const guess = [['B-MISC', 'I-MISC', 'I-MISC', 'O'], ['B-PER', 'I-PER']];
 *   entityF1.compute(guess, truth);        // { precision: 0.5, recall: 0.5, f1: 0.5 }
 *
 * An example is one sentence: a list of tags, or (from `llm eval`) a line of
 * space-separated tags.
 */
import { defineMetric, describe, MetricError, oneOf } from './metric.js';
import type { ZeroDivision } from './prf.js';
import { splitWhitespace } from './text.js';

export interface EntityF1Options {
  /** How to combine entity types. Default `micro` (seqeval's default). */
  average: 'micro' | 'macro' | 'weighted';
  /** Value of a 0/0 precision or recall. Default 'warn' (= 0). */
  zeroDivision: ZeroDivision;
  /** Tags are `PER-B` rather than `B-PER`. Default false. */
  suffix: boolean;
}

export interface EntityScores {
  precision: number;
  recall: number;
  f1: number;
}

/** One chunk: [type, first index, last index] — seqeval's `get_entities`. */
export type Entity = [type: string, start: number, end: number];

type Tags = readonly string[];

export const entityF1 = defineMetric({
  name: 'entity-f1',
  summary: 'Entity-level precision / recall / F1 over BIO-style tags, 0–1 (seqeval).',
  reference: 'seqeval precision_score / recall_score / f1_score (default mode)',
  optionKeys: ['average', 'zeroDivision', 'suffix'],
  init(options: Partial<EntityF1Options>) {
    const suffix = options.suffix ?? false;
    if (typeof suffix !== 'boolean')
      throw new MetricError("entity-f1: option 'suffix' must be true or false");
    return {
      average: oneOf(
        'entity-f1',
        'average',
        options.average,
        ['micro', 'macro', 'weighted'] as const,
        'micro',
      ),
      zeroValue:
        oneOf(
          'entity-f1',
          'zeroDivision',
          options.zeroDivision,
          [0, 1, 'warn'] as const,
          'warn',
        ) === 1
          ? 1
          : 0,
      suffix,
      // type → [true positives, predicted, true]
      counts: new Map<string, [number, number, number]>(),
    };
  },
  addOne(state, prediction: Tags, reference: Tags) {
    if (prediction.length !== reference.length) {
      throw new MetricError(
        `entity-f1: a sentence has ${prediction.length} predicted tags but ${reference.length} reference tags`,
      );
    }
    const count = (type: string) => {
      let c = state.counts.get(type);
      if (!c) {
        c = [0, 0, 0];
        state.counts.set(type, c);
      }
      return c;
    };
    const truth = new Set<string>();
    for (const [type, start, end] of getEntities(reference, state.suffix)) {
      truth.add(`${type}\u0000${start}\u0000${end}`);
      count(type)[2]++;
    }
    for (const [type, start, end] of getEntities(prediction, state.suffix)) {
      const c = count(type);
      c[1]++;
      if (truth.has(`${type}\u0000${start}\u0000${end}`)) c[0]++;
    }
  },
  finish(state): EntityScores {
    // seqeval sorts the type names; with no entity at all we score one empty type.
    const types = [...state.counts.keys()].sort();
    let rows = types.map((t) => state.counts.get(t)!);
    if (rows.length === 0) rows = [[0, 0, 0]];
    if (state.average === 'micro') {
      rows = [rows.reduce((a, r) => [a[0] + r[0], a[1] + r[1], a[2] + r[2]], [0, 0, 0])];
    }
    const z = state.zeroValue;
    const scores = rows.map(([tp, pred, truth]) => {
      const p = pred === 0 ? z : tp / pred;
      const r = truth === 0 ? z : tp / truth;
      return { p, r, f: p + r === 0 ? 0 : (2 * p * r) / (p + r), support: truth };
    });
    if (state.average === 'weighted') {
      const weight = scores.reduce((a, s) => a + s.support, 0);
      if (weight === 0) {
        const noPredictions = rows.every((r) => r[1] === 0);
        return { precision: noPredictions ? z : 0, recall: z, f1: noPredictions ? z : 0 };
      }
      const avg = (k: 'p' | 'r' | 'f') => scores.reduce((a, s) => a + s[k] * s.support, 0) / weight;
      return { precision: avg('p'), recall: avg('r'), f1: avg('f') };
    }
    const mean = (k: 'p' | 'r' | 'f') => scores.reduce((a, s) => a + s[k], 0) / scores.length;
    return { precision: mean('p'), recall: mean('r'), f1: mean('f') };
  },
  parsePrediction: parseTags,
  parseReference: parseTags,
});

function parseTags(value: unknown): Tags {
  if (typeof value === 'string') return splitWhitespace(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  throw new MetricError(
    `expected a list of tags or a line of space-separated tags, got ${describe(value)}`,
  );
}

/** seqeval's `get_entities` for one sentence: chunks as [type, start, end] (end inclusive). */
export function getEntities(seq: Tags, suffix = false): Entity[] {
  let prevTag = 'O';
  let prevType = '';
  let begin = 0;
  const chunks: Entity[] = [];
  const tags = [...seq, 'O'];
  for (let i = 0; i < tags.length; i++) {
    const chunk = Array.from(tags[i]!);
    if (chunk.length === 0) throw new MetricError('entity-f1: a tag is empty');
    let tag: string;
    let type: string;
    if (suffix) {
      tag = chunk[chunk.length - 1]!;
      const rest = chunk.slice(0, -1).join('');
      const dash = rest.lastIndexOf('-');
      type = (dash >= 0 ? rest.slice(0, dash) : rest) || '_';
    } else {
      tag = chunk[0]!;
      const rest = chunk.slice(1).join('');
      const dash = rest.indexOf('-');
      type = (dash >= 0 ? rest.slice(dash + 1) : rest) || '_';
    }
    if (endOfChunk(prevTag, tag, prevType, type)) chunks.push([prevType, begin, i - 1]);
    if (startOfChunk(prevTag, tag, prevType, type)) begin = i;
    prevTag = tag;
    prevType = type;
  }
  return chunks;
}

function endOfChunk(prevTag: string, tag: string, prevType: string, type: string): boolean {
  if (prevTag === 'E' || prevTag === 'S') return true;
  if ((prevTag === 'B' || prevTag === 'I') && (tag === 'B' || tag === 'S' || tag === 'O'))
    return true;
  return prevTag !== 'O' && prevTag !== '.' && prevType !== type;
}

function startOfChunk(prevTag: string, tag: string, prevType: string, type: string): boolean {
  if (tag === 'B' || tag === 'S') return true;
  if ((prevTag === 'E' || prevTag === 'S' || prevTag === 'O') && (tag === 'E' || tag === 'I'))
    return true;
  return tag !== 'O' && tag !== '.' && prevType !== type;
}
