/**
 * One prompt's completion as text deltas: the decoding loop of @llm/models
 * (`streamGenerate`) plus what a server needs around it — stop strings matched on the
 * decoded text, no half characters or half stop strings sent early, cancellation and a
 * deadline checked between tokens. Streamed and non-streamed responses both come from
 * here, so their text is the same for the same seed.
 *
 *   const run = generateText({ model, tokenizer, promptIds, maxNewTokens: 16, stop: ['\n'] });
 *   for (let r = await run.next(); !r.done; r = await run.next()) process.stdout.write(r.value);
 *   // r.value at the end: { text, completionTokens, finishReason }
 */
import { type GenerateOptions, type GenerativeModel, streamGenerate } from '@llm/models';
import { tensor } from '@llm/tensor-core';
import type { Tokenizer } from '@llm/tokenizer';
import { ApiError } from './api-error.js';

export interface GenerateTextRequest {
  readonly model: GenerativeModel;
  readonly tokenizer: Tokenizer;
  readonly promptIds: readonly number[];
  readonly maxNewTokens: number;
  /** 0 picks the most likely token (greedy); otherwise sampling at this temperature. */
  readonly temperature?: number;
  readonly topP?: number;
  readonly seed?: number;
  /** Generation ends before the first of these appears in the text; it is not returned. */
  readonly stop?: readonly string[];
  /** Checked between tokens: true stops generating (the client went away). */
  readonly cancelled?: () => boolean;
  /** Date.now() from which the request fails with a 504. */
  readonly deadline?: number;
}

export interface GenerateTextResult {
  readonly text: string;
  readonly completionTokens: number;
  /** 'stop': EOS or a stop string; 'length': max tokens reached (or cancelled). */
  readonly finishReason: 'stop' | 'length';
}

export async function* generateText(
  r: GenerateTextRequest,
): AsyncGenerator<string, GenerateTextResult> {
  const temperature = r.temperature ?? 1;
  const options: GenerateOptions = {
    maxNewTokens: r.maxNewTokens,
    strategy: temperature === 0 ? 'greedy' : 'sample',
    temperature,
    topP: r.topP,
    seed: r.seed,
  };
  const eos = r.model.config.eosTokenId;
  const stops = (r.stop ?? []).filter((s) => s.length > 0);
  const input = tensor(Int32Array.from(r.promptIds), [1, r.promptIds.length]); // [1, T]
  const ids: number[] = [];
  let sent = 0; // characters of the text already yielded
  let finishReason: 'stop' | 'length' = 'length';
  let text = '';
  for await (const id of streamGenerate(r.model, input, options)) {
    ids.push(id);
    text = r.tokenizer.decode(ids, { skipSpecialTokens: true });
    const cut = firstStop(text, stops);
    if (cut !== -1) {
      text = text.slice(0, cut);
      finishReason = 'stop';
      break;
    }
    if (id === eos) {
      finishReason = 'stop';
      break;
    }
    const safe = text.length - heldBack(text, stops);
    if (safe > sent) {
      yield text.slice(sent, safe);
      sent = safe;
    }
    if (r.cancelled?.()) break;
    if (r.deadline !== undefined && Date.now() >= r.deadline)
      throw new ApiError(504, `generation took longer than the server's timeout`, {
        code: 'timeout',
      });
  }
  if (text.length > sent) yield text.slice(sent);
  return { text, completionTokens: ids.length, finishReason };
}

function firstStop(text: string, stops: readonly string[]): number {
  let best = -1;
  for (const s of stops) {
    const i = text.indexOf(s);
    if (i !== -1 && (best === -1 || i < best)) best = i;
  }
  return best;
}

/**
 * How many trailing characters to hold back: an unfinished character (byte-level BPE
 * splits them across tokens, and the decoder shows U+FFFD until the rest arrives) and
 * the longest tail that could still grow into a stop string.
 */
export function heldBack(text: string, stops: readonly string[]): number {
  let hold = 0;
  for (const s of stops) {
    for (let n = Math.min(s.length - 1, text.length); n > hold; n--) {
      if (text.endsWith(s.slice(0, n))) {
        hold = n;
        break;
      }
    }
  }
  if (text.endsWith('\uFFFD')) hold = Math.max(hold, 1);
  return hold;
}
