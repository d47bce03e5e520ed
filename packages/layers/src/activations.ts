/**
 * Activation functions by Hugging Face's spelling (`hidden_act`, `activation_function`,
 * `dense_act_fn`), in one table — the only place a model turns a config string into a
 * function, so every model accepts the same names and rejects the same typos.
 *
 *   import { activation } from '@llm/layers';
 *   activation('gelu_new')(x);        // GPT-2's tanh-approximated GELU
 *   activation('gelu')(x);            // BERT's exact (erf) GELU
 */
import { gelu, relu, sigmoid, silu, type Tensor, tanh } from '@llm/tensor-core';

export type Activation = (x: Tensor) => Tensor;

const geluTanh: Activation = (x) => gelu(x, 'tanh');

/** HF's ACT2FN, restricted to what the tensor core computes exactly as torch does. */
export const activations = Object.freeze({
  gelu: (x: Tensor) => gelu(x),
  gelu_new: geluTanh,
  gelu_pytorch_tanh: geluTanh,
  gelu_fast: geluTanh, // torch differs from gelu_new by < 1e-6 (0.7978845608 vs √(2/π))
  relu: (x: Tensor) => relu(x),
  silu: (x: Tensor) => silu(x),
  swish: (x: Tensor) => silu(x),
  sigmoid: (x: Tensor) => sigmoid(x),
  tanh: (x: Tensor) => tanh(x),
  quick_gelu: (x: Tensor) => x.mul(sigmoid(x.mul(1.702))),
} satisfies Record<string, Activation>);

export type ActivationName = keyof typeof activations;

export function isActivationName(name: unknown): name is ActivationName {
  return typeof name === 'string' && Object.hasOwn(activations, name);
}

/** The activation called `name`; an unknown one is a one-line error listing the known ones. */
export function activation(name: string, where = 'activation'): Activation {
  if (isActivationName(name)) return activations[name];
  throw new RangeError(
    `${where}: unknown activation '${name}' (supported: ${Object.keys(activations).join(', ')})`,
  );
}
