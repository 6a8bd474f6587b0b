import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { type LayersModel, loadLayersModel } from '@tensorflow/tfjs-layers';

/**
 * Loads a TensorFlow.js layers model from a folder on disk. (In a browser, or in Node from a web
 * server: `loadLayersModel('https://example.com/fonts-tfjs/model.json')`.)
 */
export function loadFromFolder(folder: string): Promise<LayersModel> {
  return loadLayersModel({
    load: async () => {
      const json = JSON.parse(await readFile(join(folder, 'model.json'), 'utf8'));
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const files = await Promise.all(manifest.flatMap((group) => group.paths).map((p) => readFile(join(folder, p))));
        const bytes = Buffer.concat(files);
        const weights = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
        return [manifest.flatMap((group) => group.weights), weights];
      });
    },
  });
}

/** Class probabilities [count, classes] and the class names, as the model stores them. */
export async function predictWithTensorflowJs(folder: string, pixels: Float32Array, count: number) {
  const model = await loadFromFolder(folder);
  const output = tf.tidy(() => model.predict(tf.tensor2d(pixels, [count, 36 * 36])) as tf.Tensor);
  const probabilities = (await output.data()) as Float32Array;
  const { classNames } = model.getUserDefinedMetadata() as { classNames: string[] };
  tf.dispose(output);
  model.dispose();
  return { probabilities, classNames };
}
