// Layout — where each piece of tensor-core lives (README "Layout"):
// - An op is one file here, named after its function (`log-softmax.ts` → `logSoftmax`): the
//   forward, its gradient (the closure given to `record`), its cpu kernel (with the
//   reference loop when there is a fast one), its gpu.js kernel if it has one
//   (`<op>GpuKernel(s)`), and `<op>Checks`, its conformance cases.
// - ../kernels/ holds only the fast cpu kernels that several ops share, each beside its
//   reference loop: GEMM (matmul, attention), broadcast (elementwise ops, sum, where, …) and
//   row softmax (softmax, logSoftmax, attention).
// - ../op-kit/ holds what op files are built from (unaryOp, binaryOp, reductions, the check
//   and gpu-kernel types) and no op of its own.
// - Backends are found by op name, one way: an op asks the active backend (../backend.ts)
//   for the hook named after it (`matmul`, `softmax`, `layerNorm`) or, if it is elementwise,
//   for its family's hook with its name (`unary('exp')`, `binary('add')`); no hook, or false,
//   and the cpu kernel runs. ../gpu.ts compiles the kernels the op files export and holds
//   no kernel of its own.
// Every op file is exported below; the conformance test fails if one is not.
export * from './abs.js';
export * from './add.js';
export * from './argmax.js';
export * from './cast.js';
export * from './concat.js';
export * from './cross-entropy.js';
export * from './div.js';
export * from './dropout.js';
export * from './exp.js';
export * from './gather.js';
export * from './gelu.js';
export * from './index-select.js';
export * from './layer-norm.js';
export * from './log.js';
export * from './log-softmax.js';
export * from './masked-fill.js';
export * from './matmul.js';
export * from './max.js';
export * from './mean.js';
export * from './mul.js';
export * from './neg.js';
export * from './permute.js';
export * from './pow.js';
export * from './relu.js';
export * from './reshape.js';
export * from './rms-norm.js';
export * from './rsqrt.js';
export * from './scaled-dot-product-attention.js';
export * from './sigmoid.js';
export * from './silu.js';
export * from './slice.js';
export * from './softmax.js';
export * from './split.js';
export * from './sqrt.js';
export * from './stack.js';
export * from './sub.js';
export * from './sum.js';
export * from './tanh.js';
export * from './transpose.js';
export * from './variance.js';
export * from './where.js';
