export { UnsupportedLayerError } from './errors.js';
export { ONNX_INPUT, ONNX_OPSET, ONNX_OUTPUT, type OnnxExportOptions, exportOnnx } from './onnx.js';
export { exportTfjs, type TfjsExportOptions, type TfjsModelFiles } from './tfjs.js';
