/**
 * Masked language modelling (BERT): pick 15 % of the real tokens; of those, 80 % become
 * [MASK], 10 % a random non-special token, 10 % stay as they are; the model predicts the
 * originals there (labels -100 everywhere else). With `wholeWord`, a word's pieces
 * ("play", "##ing") are picked together, as HF's whole-word-mask collator does.
 *
 *   const objective = maskedLm({ vocabSize: 30522, maskTokenId: 103, specialTokenIds: [0, 100, 101, 102, 103] });
 *   const batch = objective.makeBatch(examples, rng);     // examples: [CLS] … [SEP] id rows
 *   const loss = objective.loss(bertForMaskedLM, batch);
 */
import { type Rng, type Tensor, tensor } from '@llm/tensor-core';
import { IGNORE_INDEX, type LanguageModel, modelLoss } from './language-model.js';
import type { Objective } from './objective.js';
import { countTargets, padRows } from './pad.js';

export interface MaskedLmOptions {
  readonly vocabSize: number;
  readonly maskTokenId: number;
  /** Never picked, never used as a random replacement ([CLS], [SEP], [PAD], …). */
  readonly specialTokenIds: readonly number[];
  /** Default 0 (BERT's [PAD]); padding is never picked. */
  readonly padTokenId?: number;
  /** Fraction of real tokens picked (default 0.15). */
  readonly probability?: number;
  /** Pick whole words: `isContinuation(id)` tells a word's later pieces (WordPiece "##…"). */
  readonly wholeWord?: { readonly isContinuation: (id: number) => boolean };
}

export interface MaskedLmBatch {
  readonly inputIds: Tensor; // [B, T], corrupted
  readonly attentionMask: Tensor;
  readonly labels: Tensor; // original ids where picked, -100 elsewhere
}

export function maskedLm(options: MaskedLmOptions): Objective<LanguageModel, MaskedLmBatch> {
  const { vocabSize, maskTokenId, probability = 0.15, padTokenId = 0 } = options;
  if (!(probability > 0 && probability < 1))
    throw new RangeError(`masked-lm: probability must be in (0, 1), got ${probability}`);
  const special = new Set([...options.specialTokenIds, padTokenId, maskTokenId]);
  const replacements = Int32Array.from({ length: vocabSize }, (_, i) => i).filter(
    (i) => !special.has(i),
  );
  if (replacements.length === 0)
    throw new Error('masked-lm: every token is special; nothing to replace with');
  return {
    name: 'masked-lm',
    makeBatch(examples, rng) {
      const { ids, mask } = padRows(examples, padTokenId);
      const input = new Int32Array(ids.data as Int32Array);
      const labels = new Int32Array(input.length).fill(IGNORE_INDEX);
      const [B, T] = ids.shape as [number, number];
      for (let b = 0; b < B; b++) {
        const picked = pick(
          input.subarray(b * T, (b + 1) * T),
          mask.data.subarray(b * T, (b + 1) * T),
          special,
          probability,
          rng,
          options.wholeWord,
        );
        for (const t of picked) {
          const i = b * T + t;
          labels[i] = input[i]!;
          const r = rng.uniform();
          if (r < 0.8) input[i] = maskTokenId;
          else if (r < 0.9) input[i] = replacements[rng.int(replacements.length)]!;
          // else: unchanged (the model must still predict it)
        }
      }
      return {
        inputIds: tensor(input, ids.shape),
        attentionMask: mask,
        labels: tensor(labels, ids.shape),
      };
    },
    loss: (model, batch) => modelLoss(model, batch, 'masked-lm'),
    countTargets: (batch) => countTargets(batch.labels, IGNORE_INDEX),
  };
}

/** Positions to corrupt in one row: each real token (or word) with the given probability. */
function pick(
  row: ArrayLike<number>,
  mask: ArrayLike<number>,
  special: Set<number>,
  p: number,
  rng: Rng,
  wholeWord: MaskedLmOptions['wholeWord'],
): number[] {
  const out: number[] = [];
  let t = 0;
  while (t < row.length) {
    if (mask[t] === 0 || special.has(row[t]!)) {
      t++;
      continue;
    }
    // a unit: one token, or a word's first piece plus its continuation pieces
    let end = t + 1;
    if (wholeWord)
      while (
        end < row.length &&
        mask[end] !== 0 &&
        !special.has(row[end]!) &&
        wholeWord.isContinuation(row[end]!)
      )
        end++;
    if (rng.uniform() < p) for (let i = t; i < end; i++) out.push(i);
    t = end;
  }
  return out;
}
