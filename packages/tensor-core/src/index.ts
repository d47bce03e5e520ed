/**
 * @llm/tensor-core — tensors, reverse-mode autograd, the op set, backends, the seeded RNG
 * and safetensors. Runs in browsers and Node alike; Node-only pieces (threads, files)
 * are at `@llm/tensor-core/node`, the gpu.js backend at `@llm/tensor-core/gpu`.
 *
 *   import { tensor, manualSeed } from '@llm/tensor-core';
 *   manualSeed(0);
 *   const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
 *   x.matmul(x).softmax(-1).sum().backward();
 *   x.grad!.toArray();
 */
export { type GradNode, isGradEnabled, noGrad, setGradEnabled } from './autograd.js';
export {
  type Backend,
  backendNames,
  getBackend,
  type MatmulArgs,
  registerBackend,
  setBackend,
} from './backend.js';
export { type DType, type FloatArray, minValue, type Storage } from './dtype.js';
export {
  type GemmArgs,
  gemm,
  gemmPacked,
  gemmReference,
  type ParallelGemm,
  setParallelGemm,
} from './kernels/gemm.js';
export { softmaxReference, softmaxRows } from './kernels/softmax.js';
export { packState, TENSOR_EXTENSION_TYPE, unpackState } from './msgpack.js';
export { type BinaryDef, binaryDefs } from './op-kit/binary.js';
export { type OpCheck, rand, randInt } from './op-kit/check.js';
export { type UnaryDef, unaryDefs } from './op-kit/unary.js';
export * from './ops/index.js';
export { defaultRng, manualSeed, Rng, type RngState } from './rng.js';
export {
  halfToFloat,
  readSafetensors,
  SafetensorsError,
  type SafetensorsFile,
  writeSafetensors,
} from './safetensors.js';
export { type Shape, ShapeError } from './shape.js';
export {
  arange,
  full,
  type NestedArray,
  ones,
  onesLike,
  type RandomOptions,
  randn,
  Tensor,
  type TensorOptions,
  tensor,
  uniform,
  zeros,
  zerosLike,
} from './tensor.js';
