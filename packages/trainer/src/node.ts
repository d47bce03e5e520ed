/**
 * @llm/trainer/node — the Node-only pieces of training: checkpoint folders written
 * atomically, JSONL metrics, the loss-curve file, the progress bar on stderr, text files
 * as documents. The main entry stays free of `node:` imports (it runs in a browser).
 *
 *   import { checkpointDirectory, jsonlMetrics, lossCurveFile, terminalProgress } from '@llm/trainer/node';
 *   await train({ ..., checkpoint: { store: checkpointDirectory('runs/gpt'), every: 500 },
 *     callbacks: [terminalProgress(), jsonlMetrics('runs/gpt/metrics.jsonl'), lossCurveFile('runs/gpt/loss-curve.svg')] });
 */
export {
  type CheckpointDirectoryOptions,
  checkpointDirectory,
  checkpointName,
  MODEL_FILE,
  readCheckpoint,
  STATE_FILE,
} from './node/checkpoint-directory.js';
export { jsonlMetrics } from './node/jsonl-metrics.js';
export { lossCurveFile } from './node/loss-curve-file.js';
export { terminalProgress } from './node/terminal-progress.js';
export { readTextDocuments, splitText, type TextDocumentsOptions } from './node/text-documents.js';
