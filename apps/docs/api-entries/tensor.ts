/**
 * Typed tensors over tfjs-core with cpu and wasm backends, seeded creation ops and memory scopes.
 *
 * @module tensor
 */
export * from '@typeflow/tensor';
