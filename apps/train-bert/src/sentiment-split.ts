/**
 * The sentiment sentences every pipeline here fine-tunes and tests on: the UCI "Sentiment
 * Labelled Sentences" (Kotzias et al., 2015) as npm `sentiment@5.0.2` ships them in its
 * test fixtures — 1,000 Amazon, 1,000 IMDb and 1,000 Yelp sentences, 500 positive and 500
 * negative each — split once, here, so apps/train-bert and apps/train-t5 report numbers on
 * the same 600 test sentences.
 *
 *   import { sentimentSplit } from 'train-bert/sentiment-split';
 *   const { train, test } = sentimentSplit();   // 2,400 / 600 { text, label, source }
 *   train[0];   // { text: 'So there is no way for me to plug it in …', label: 0, source: 'amazon' }
 *
 * The rule: in each source's file order, sentence i with i % 5 == 4 is test, the rest
 * train. It is deterministic (no seed), stratified by source, and the files alternate
 * labels loosely enough that each part stays near 50 / 50 (the test asserts it). Hold out
 * early-stopping data from `train`, never from `test`.
 */
import { createRequire } from 'node:module';

/** label 1 is positive, 0 negative (the fixtures' `class`). */
export interface LabelledSentence {
  readonly text: string;
  readonly label: 0 | 1;
  readonly source: SentimentSource;
}

export const SENTIMENT_SOURCES = ['amazon', 'imdb', 'yelp'] as const;
export type SentimentSource = (typeof SENTIMENT_SOURCES)[number];

/** id2label of a classifier trained on this data (HF config.json). */
export const SENTIMENT_LABELS = { 0: 'negative', 1: 'positive' } as const;

const require = createRequire(import.meta.url);

/** One source's labelled sentences in file order (each file ends with an empty, unlabelled entry, dropped). */
export function sentimentSentences(source: SentimentSource): LabelledSentence[] {
  const rows = require(`sentiment/test/fixtures/${source}.json`) as {
    text: string;
    class: number | null;
  }[];
  return rows
    .filter((r) => (r.class === 0 || r.class === 1) && r.text.trim() !== '')
    .map((r) => ({ text: r.text, label: r.class as 0 | 1, source }));
}

export function sentimentSplit(): { train: LabelledSentence[]; test: LabelledSentence[] } {
  const train: LabelledSentence[] = [];
  const test: LabelledSentence[] = [];
  for (const source of SENTIMENT_SOURCES)
    sentimentSentences(source).forEach((s, i) => {
      (i % 5 === 4 ? test : train).push(s);
    });
  return { train, test };
}
