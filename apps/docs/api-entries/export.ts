/**
 * Exports a trained Sequential model to ONNX and to the TensorFlow.js layers format.
 *
 * @module export
 */
export * from '@typeflow/export';
