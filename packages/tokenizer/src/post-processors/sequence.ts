/**
 * Runs post-processors one after another.
 *
 *   new PostProcessorSequence([new ByteLevelPostProcessor(), new BertProcessing()]);
 */
import type { PostProcessor } from '../components.js';
import type { Encoding } from '../encoding.js';
import { arr, type JsonObject } from '../json.js';

export class PostProcessorSequence implements PostProcessor {
  static readonly type = 'Sequence';
  static fromJSON(
    json: JsonObject,
    field: string,
    load: (json: unknown, field: string) => PostProcessor,
  ): PostProcessorSequence {
    const list = arr(json.processors, `${field}.processors`);
    return new PostProcessorSequence(list.map((p, i) => load(p, `${field}.processors[${i}]`)));
  }
  constructor(readonly processors: readonly PostProcessor[]) {}
  addedTokens(isPair: boolean): number {
    return this.processors.reduce((n, p) => n + p.addedTokens(isPair), 0);
  }
  processEncodings(encodings: Encoding[], addSpecialTokens: boolean): Encoding[] {
    let out = encodings;
    for (const p of this.processors) out = p.processEncodings(out, addSpecialTokens);
    return out;
  }
  toJSON(): JsonObject {
    return { type: PostProcessorSequence.type, processors: this.processors.map((p) => p.toJSON()) };
  }
}
