/**
 * The `Objective` interface: what a training objective is to the trainer — it turns raw
 * examples into a batch (corruption, shifting, padding) and computes the scalar loss of
 * a model on that batch. The trainer calls only these, so any model with the forward
 * an objective needs (a structural type `M`) trains with it.
 *
 *   import type { Objective } from '@llm/objectives';
 *   const nextToken: Objective<{ forward(ids: Tensor): Tensor }, { ids: Tensor; targets: Tensor }> = {
 *     name: 'next-token',
 *     makeBatch: (examples, rng) => ({ ids: ..., targets: ... }),      // padded, -100 on padding
 *     loss: (model, batch) => crossEntropy(model.forward(batch.ids), batch.targets),
 *     countTargets: (batch) => countNot(batch.targets, -100),         // for token-exact accumulation
 *   };
 */
import type { Rng, Tensor } from '@llm/tensor-core';

/**
 * @typeParam M - what the objective needs from a model (a structural type, never a class)
 * @typeParam B - the batch it makes
 * @typeParam E - one raw example (default: a token id sequence)
 */
export interface Objective<M, B, E = Int32Array> {
  /** A short kebab-case name, e.g. 'causal-lm'. */
  readonly name: string;
  /** Builds a batch from raw examples; all randomness (masking, span corruption) comes from `rng`. */
  makeBatch(examples: readonly E[], rng: Rng): B;
  /** The scalar loss of `model` on `batch`, averaged over the batch's targets; runs the forward pass. */
  loss(model: M, batch: B): Tensor;
  /**
   * How many targets `loss` averages over (tokens that are not ignored). With it, the
   * trainer weights each micro-batch of an accumulated step by its share of the targets,
   * so 4 micro-batches of 2 give exactly the gradient of one batch of 8; without it, the
   * micro-batches weigh equally.
   */
  countTargets?(batch: B): number;
}

// `any` in the positions not inferred: each type parameter is used both ways (in and out).
/** The model type an objective needs. */
// biome-ignore lint/suspicious/noExplicitAny: see above
export type ObjectiveModel<O> = O extends Objective<infer M, any, any> ? M : never;

/** The batch type an objective makes. */
// biome-ignore lint/suspicious/noExplicitAny: see above
export type ObjectiveBatch<O> = O extends Objective<any, infer B, any> ? B : never;

/** The raw example type an objective takes. */
// biome-ignore lint/suspicious/noExplicitAny: see above
export type ObjectiveExample<O> = O extends Objective<any, any, infer E> ? E : never;
