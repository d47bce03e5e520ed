/**
 * Perplexity and bits per byte of a model over a dataset — the helper @llm/eval-metrics
 * leaves to the trainer: run the objective's loss over fixed batches without gradients,
 * weight each batch by its target count, and hand the sums to the metrics.
 *
 *   const { loss, perplexity, bitsPerByte } = languageModelMetrics(model, causalLm(), batches, { bytes });
 *
 * `bytes` is the UTF-8 size of the text the batches cover (for bits per byte, which
 * compares models across tokenizers); without it bitsPerByte is absent.
 */
import { bitsPerByte, perplexity } from '@llm/eval-metrics';
import type { Module } from '@llm/layers';
import type { Objective } from '@llm/objectives';
import { noGrad, Rng } from '@llm/tensor-core';

export interface LanguageModelMetrics {
  /** Mean cross-entropy per target token (nats). */
  readonly loss: number;
  readonly perplexity: number;
  /** Summed negative log-likelihood (nats) and the targets it covers. */
  readonly nll: number;
  readonly targets: number;
  readonly bitsPerByte?: number;
}

/** Σ loss · targets over the batches, in eval mode, with a fixed generator (seed). */
export function evaluationSums<M extends Module, B, E>(
  model: M,
  objective: Objective<M, B, E>,
  batches: readonly (readonly E[])[],
  seed = 0,
): { nll: number; targets: number } {
  if (batches.length === 0) throw new RangeError('evaluate: no batches');
  const wasTraining = model.training;
  model.eval();
  try {
    // its own generator, the same every time: evaluations compare like with like
    const rng = new Rng(seed + 0x5eed);
    let nll = 0;
    let targets = 0;
    noGrad(() => {
      for (const examples of batches) {
        const batch = objective.makeBatch(examples, rng);
        const n = objective.countTargets ? objective.countTargets(batch) : 1;
        if (n === 0) continue;
        nll += objective.loss(model, batch).item() * n;
        targets += n;
      }
    });
    return { nll, targets };
  } finally {
    model.train(wasTraining);
  }
}

export function languageModelMetrics<M extends Module, B, E>(
  model: M,
  objective: Objective<M, B, E>,
  batches: readonly (readonly E[])[],
  options: { bytes?: number; seed?: number } = {},
): LanguageModelMetrics {
  const { nll, targets } = evaluationSums(model, objective, batches, options.seed ?? 0);
  return {
    loss: nll / targets,
    perplexity: perplexity.compute([nll], [targets]),
    nll,
    targets,
    ...(options.bytes !== undefined
      ? { bitsPerByte: bitsPerByte.compute([nll], [options.bytes]) }
      : {}),
  };
}
