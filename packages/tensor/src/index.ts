export { getBackend, ready, setBackend, setWasmPaths } from './backend.js';
export {
  BackendError,
  DTypeError,
  type ErrorDetails,
  InternalError,
  refuse,
  ShapeError,
  TypeflowError,
  ValueError,
} from './errors.js';
export { formatShape } from './format.js';
export { dispose, keep, type MemoryInfo, memory, scope } from './memory.js';
export { AdamMoments, type AdamStepOptions } from './ops/adam-update.js';
export { add, div, equal, greater, maximum, minimum, mul, type Operand, sub } from './ops/binary.js';
export { cast, where } from './ops/cast.js';
export {
  type Conv2dOptions,
  conv2d,
  conv2dBackpropFilter,
  conv2dBackpropInput,
  maxPool,
  maxPoolBackprop,
  type Padding,
  type PoolOptions,
} from './ops/conv.js';
export {
  fill,
  type NormalOptions,
  ones,
  type RandomOptions,
  randomNormal,
  randomUniform,
  scalar,
  tensor,
  truncatedNormal,
  zeros,
} from './ops/creation.js';
export { type FusedActivation, type FusedMatmulOptions, fusedMatmul } from './ops/fused-matmul.js';
export { type MatmulOptions, matmul } from './ops/matmul.js';
export { oneHot } from './ops/one-hot.js';
export { readInto, tensorFrom } from './ops/read-into.js';
export { type Axis, argmax, max, mean, min, type ReduceOptions, sum } from './ops/reduction.js';
export { broadcastTo, concat, gather, pad, reshape, slice, transpose } from './ops/shape.js';
export { logSoftmax, softmax } from './ops/softmax.js';
export { SparseMatrix } from './ops/sparse-matmul.js';
export { abs, exp, log, neg, relu, sigmoid, sqrt, square, step } from './ops/unary.js';
export { Tensor } from './tensor.js';
export type { Backend, DType, NestedArray, Shape, TensorValues, TypedArray } from './types.js';
export { describeValue } from './validate.js';
