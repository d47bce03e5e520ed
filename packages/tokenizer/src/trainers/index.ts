// Every trainer, one file each (a test fails when a trainer file is not exported here).
export { BpeTrainer, type BpeTrainerOptions } from './bpe-trainer.js';
export { UnigramTrainer, type UnigramTrainerOptions } from './unigram-trainer.js';
export { WordCounts } from './word-counts.js';
export { WordPieceTrainer, type WordPieceTrainerOptions } from './word-piece-trainer.js';
