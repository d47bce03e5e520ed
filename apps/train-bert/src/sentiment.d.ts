// npm `sentiment` (AFINN-165 lexicon) ships no types; the one call this app makes.
declare module 'sentiment' {
  export default class Sentiment {
    analyze(phrase: string): { score: number; comparative: number };
  }
}
