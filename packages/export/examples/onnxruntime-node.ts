import * as ort from 'onnxruntime-node';

/** Class probabilities [count, classes] for `count` glyphs of 36 x 36 pixels scaled 0..1 (1 = ink). */
export async function predictWithOnnxRuntime(file: string, pixels: Float32Array, count: number): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(file);
  const { probabilities } = await session.run({ input: new ort.Tensor('float32', pixels, [count, 36 * 36]) });
  await session.release();
  return probabilities?.data as Float32Array;
}
