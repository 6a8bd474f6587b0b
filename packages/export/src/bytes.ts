/** float32 values as little-endian bytes, the byte order of ONNX raw tensors and TF.js weight files. */
export function littleEndianBytes(values: Float32Array): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => {
    view.setFloat32(i * 4, v, true);
  });
  return bytes;
}
