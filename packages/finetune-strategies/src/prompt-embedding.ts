/**
 * Prompt tuning (Lester et al. 2021, PEFT's PROMPT_TUNING): N trainable "virtual token"
 * vectors prepended to every input, the model itself frozen. The token embedding is
 * replaced (by path) with a `PromptEmbedding` that keeps the very same `weight` tensor
 * (so `…wte.weight`, a tied LM head and BERT's tied decoder are untouched) and looks up
 * ids V … V+N−1 in its `prompt_embeddings` [N, C]; the model's `forward` is wrapped to
 * prepend those ids (and 1s to the attention mask, 0s to token types, −100 to labels of
 * the same length), so positions and masks cover the virtual tokens as in PEFT.
 *
 *   const prompt = addPromptTuning(model, { numVirtualTokens: 20, rng: new Rng(0) });
 *   model.forward({ inputIds, labels });   // runs on N + T positions; only prompt.prompt trains
 *
 * Generation through a KV cache does not pass through `forward`, so it sees no prompt.
 * Letters: B batch, T time, N virtual tokens, V vocabulary, C channels.
 */
import { Embedding, Module } from '@llm/layers';
import { Rng, randn, type Tensor, tensor } from '@llm/tensor-core';

export interface PromptTuningOptions {
  readonly numVirtualTokens: number;
  /** 'vocab' (default): copies of N random tokens' embeddings (Lester et al.); 'random': N(0, σ²) with σ the embedding's std. */
  readonly init?: 'vocab' | 'random';
  readonly rng?: Rng;
}

export class PromptEmbedding extends Module {
  /** The token embedding's own table [V, C] (frozen; same tensor). */
  readonly weight: Tensor;
  /** The virtual tokens [N, C]. */
  readonly prompt: Tensor;
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly numVirtualTokens: number;

  constructor(
    readonly base: Embedding,
    options: PromptTuningOptions,
  ) {
    super();
    const { numVirtualTokens: N, init = 'vocab', rng = new Rng(0) } = options;
    if (!Number.isInteger(N) || N <= 0)
      throw new RangeError(`prompt-tuning: numVirtualTokens must be a positive integer, got ${N}`);
    const [V, C] = base.weight.shape as [number, number];
    this.numEmbeddings = V;
    this.embeddingDim = C;
    this.numVirtualTokens = N;
    this.weight = this.registerParameter('weight', base.weight);
    this.weight.requiresGrad = false;
    const table = base.weight.data;
    const prompt = new Float32Array(N * C);
    if (init === 'vocab') {
      for (let n = 0; n < N; n++) {
        const row = rng.int(V);
        prompt.set(table.subarray(row * C, (row + 1) * C), n * C);
      }
    } else {
      let sq = 0;
      for (let i = 0; i < table.length; i++) sq += table[i]! * table[i]!;
      prompt.set(randn([N, C], { std: Math.sqrt(sq / table.length), rng }).data);
    }
    this.prompt = this.registerParameter('prompt_embeddings', tensor(prompt, [N, C]));
  }

  /** ids [B, T] (virtual ones are V … V+N−1) → [B, T, C]. */
  forward(ids: Tensor): Tensor {
    const V = this.numEmbeddings;
    const real = new Int32Array(ids.size);
    const virt = new Int32Array(ids.size);
    const isVirtual = new Float32Array(ids.size);
    for (let i = 0; i < ids.size; i++) {
      const id = ids.data[i]!;
      if (id >= V) {
        virt[i] = id - V;
        isVirtual[i] = 1;
      } else real[i] = id;
    }
    const shape = ids.shape;
    const fromVocab = this.base.forward(tensor(real, shape)); // [B, T, C]
    const fromPrompt = this.prompt.indexSelect(0, tensor(virt, shape)); // [B, T, C]
    const m = tensor(isVirtual, [...shape, 1]); // [B, T, 1]
    return fromVocab
      .mul(
        tensor(
          isVirtual.map((v) => 1 - v),
          [...shape, 1],
        ),
      )
      .add(fromPrompt.mul(m));
  }
}

interface Forwardable {
  forward(inputs: Record<string, unknown>, ...rest: unknown[]): unknown;
}

/** The model's PromptEmbedding and its path, if prompt tuning was added. */
export function promptEmbeddingOf(model: Module): [string, PromptEmbedding] | undefined {
  return model
    .namedModules()
    .find((e): e is [string, PromptEmbedding] => e[1] instanceof PromptEmbedding);
}

/**
 * Replaces the token embedding (the largest `Embedding`: vocabulary beats positions and
 * buckets) and wraps `model.forward` to prepend the virtual tokens. Returns the layer.
 */
export function addPromptTuning(model: Module, options: PromptTuningOptions): PromptEmbedding {
  if (promptEmbeddingOf(model)) throw new Error('prompt-tuning: the model already has a prompt');
  const forward = (model as unknown as Partial<Forwardable>).forward;
  if (typeof forward !== 'function')
    throw new Error('prompt-tuning: the model has no forward(inputs)');
  const embeddings = model
    .namedModules()
    .filter((e): e is [string, Embedding] => e[1] instanceof Embedding);
  if (embeddings.length === 0) throw new Error('prompt-tuning: the model has no Embedding');
  const [path, base] = embeddings.reduce((a, b) =>
    b[1].numEmbeddings > a[1].numEmbeddings ? b : a,
  );
  const layer = new PromptEmbedding(base, options);
  model.setSubmodule(path, layer);
  const encoderDecoder = model.children().some(([name]) => name === 'decoder');
  const original = forward.bind(model);
  (model as unknown as Forwardable).forward = (inputs, ...rest) =>
    original(withVirtualTokens(inputs, layer, encoderDecoder), ...rest);
  return layer;
}

// The batch with N virtual ids in front; labels of the input's length (causal / masked
// LM) get −100 there, class labels and a decoder's labels are left alone.
function withVirtualTokens(
  inputs: Record<string, unknown>,
  layer: PromptEmbedding,
  encoderDecoder: boolean,
): Record<string, unknown> {
  const ids = inputs.inputIds as Tensor;
  const [B, T] = ids.shape as [number, number];
  const N = layer.numVirtualTokens;
  const prepend = (t: Tensor, fill: (n: number) => number) => {
    const out = new Int32Array(B * (N + T));
    for (let b = 0; b < B; b++) {
      for (let n = 0; n < N; n++) out[b * (N + T) + n] = fill(n);
      for (let i = 0; i < T; i++) out[b * (N + T) + N + i] = t.data[b * T + i]!;
    }
    return tensor(out, [B, N + T]);
  };
  const out: Record<string, unknown> = {
    ...inputs,
    inputIds: prepend(ids, (n) => layer.numEmbeddings + n),
  };
  const mask = inputs.attentionMask as Tensor | undefined;
  if (mask) out.attentionMask = prepend(mask, () => 1);
  const types = inputs.tokenTypeIds as Tensor | undefined;
  if (types) out.tokenTypeIds = prepend(types, () => 0);
  const labels = inputs.labels as Tensor | undefined;
  if (labels && !encoderDecoder && labels.shape.length === 2 && labels.shape[1] === T)
    out.labels = prepend(labels, () => -100);
  return out;
}
