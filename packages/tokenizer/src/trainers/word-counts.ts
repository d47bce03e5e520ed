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
