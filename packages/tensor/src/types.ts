/** A tensor's dimensions, outermost first (C order). */
export type Shape = readonly number[];

/** The element types typeflow supports. tfjs has no float64: gradient checks in float64 run in plain JS. */
export type DType = 'float32' | 'int32' | 'bool';

/** The tfjs backends typeflow computes on. */
export type Backend = 'cpu' | 'wasm';

/** The typed array that holds a tensor's values for each dtype (bool is stored as 0/1 bytes). */
export type TypedArray = Float32Array | Int32Array | Uint8Array;

/** Nested arrays of numbers, as `tensor([[1, 2], [3, 4]])` takes them. */
export type NestedArray = number | boolean | readonly NestedArray[];

/** Anything `tensor()` accepts as values. */
export type TensorValues = NestedArray | TypedArray | ArrayLike<number>;
