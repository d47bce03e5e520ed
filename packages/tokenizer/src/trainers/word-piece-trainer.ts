/**
 * WordPiece training, as HF does it: BPE training with the `##` continuing-subword
 * prefix, whose vocabulary becomes the WordPiece vocabulary.
 *
 *   const trainer = new WordPieceTrainer({ vocabSize: 1000, specialTokens: ['[UNK]', '[CLS]', '[SEP]'] });
 *   trainer.feed(['hello world'], (line) => line.split(' '));
 *   trainer.train().model.tokenize('hello').map((t) => t.value);
 */
import { WordPiece } from '../models/word-piece.js';
import { BpeTrainer, type BpeTrainerOptions } from './bpe-trainer.js';

export interface WordPieceTrainerOptions
  extends Omit<BpeTrainerOptions, 'continuingSubwordPrefix'> {
  /** Default '##'. */
  continuingSubwordPrefix?: string;
  /** Default '[UNK]'. */
  unkToken?: string;
}

export class WordPieceTrainer {
  private readonly bpe: BpeTrainer;
  readonly unkToken: string;
  readonly continuingSubwordPrefix: string;

  constructor(options: WordPieceTrainerOptions = {}) {
    this.continuingSubwordPrefix = options.continuingSubwordPrefix ?? '##';
    this.unkToken = options.unkToken ?? '[UNK]';
    this.bpe = new BpeTrainer({
      ...options,
      continuingSubwordPrefix: this.continuingSubwordPrefix,
    });
  }

  feed(sequences: Iterable<string>, process: (s: string) => string[]): void {
    this.bpe.feed(sequences, process);
  }

  train(): { model: WordPiece; specialTokens: string[] } {
    const { vocab } = this.bpe.trainMerges();
    return {
      model: new WordPiece(vocab, {
        unkToken: this.unkToken,
        continuingSubwordPrefix: this.continuingSubwordPrefix,
      }),
      specialTokens: this.bpe.specialTokens,
    };
  }
}
