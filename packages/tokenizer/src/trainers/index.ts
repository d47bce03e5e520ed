// Every trainer, one file each (a test fails when a trainer file is not exported here).
export { BpeTrainer, type BpeTrainerOptions } from './bpe-trainer.js';
export { WordCounts } from './word-counts.js';
