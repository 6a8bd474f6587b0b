export { UnsupportedLayerError } from './errors.js';
export { exportOnnx, ONNX_INPUT, ONNX_OPSET, ONNX_OUTPUT, type OnnxExportOptions } from './onnx.js';
export { exportTfjs, type TfjsExportOptions, type TfjsModelFiles } from './tfjs.js';
