/**
 * Counting the words of a corpus, chunk by chunk, so that training input can stream from
 * files larger than memory: only the distinct words and their counts are kept.
 *
 *   const wc = new WordCounts();
 *   wc.add(['the', 'cat', 'the']);
 *   wc.get('the');   // 2
 */
export class WordCounts extends Map<string, number> {
  add(words: Iterable<string>): void {
    for (const w of words) this.set(w, (this.get(w) ?? 0) + 1);
  }
}

/** Words sorted by content: the order trainers walk them in, so that output never depends on input order. */
export function sortedWords(wc: ReadonlyMap<string, number>): [string, number][] {
  return [...wc].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
