/**
 * SQuAD v1.1's answer normalisation (the official evaluate-v1.1.py): lowercase, drop ASCII
 * punctuation, drop the articles a / an / the as whole words (Unicode word boundaries, as
 * Python's `re`), collapse whitespace (Python's `str.split`).
 *
 *   normalizeAnswer('The  Denver Broncos!');   // 'denver broncos'
 *   squadTokenF1('an apple a day', 'The apple');   // 0.666…
 */
import { splitWhitespace } from './text.js';

// Python's string.punctuation
const PUNCTUATION = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');
// `\b(a|an|the)\b` with Python's Unicode \w = letters, digits, underscore.
const ARTICLES = /(?<![\p{L}\p{N}_])(?:a|an|the)(?![\p{L}\p{N}_])/gu;

export function normalizeAnswer(text: string): string {
  let s = text.toLowerCase();
  s = [...s].filter((ch) => !PUNCTUATION.has(ch)).join('');
  s = s.replace(ARTICLES, ' ');
  return splitWhitespace(s).join(' ');
}

/** Token-overlap F1 of two answers after normalisation; 0 when nothing is shared. */
export function squadTokenF1(prediction: string, groundTruth: string): number {
  const pred = splitWhitespace(normalizeAnswer(prediction));
  const gold = splitWhitespace(normalizeAnswer(groundTruth));
  const counts = new Map<string, number>();
  for (const t of gold) counts.set(t, (counts.get(t) ?? 0) + 1);
  let same = 0;
  for (const t of pred) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      same++;
      counts.set(t, c - 1);
    }
  }
  if (same === 0) return 0;
  const precision = same / pred.length;
  const recall = same / gold.length;
  return (2 * precision * recall) / (precision + recall);
}

/** The gold answers of one example: one string or several. */
export function goldAnswers(references: string | readonly string[]): readonly string[] {
  return typeof references === 'string' ? [references] : references;
}
