import { fromBinary } from '@bufbuild/protobuf';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import {
  Conv2D,
  constant,
  Dense,
  Dropout,
  Flatten,
  type Layer,
  MaxPool2D,
  ReLU,
  Reshape,
  Sequential,
  Sigmoid,
  Softmax,
  truncatedNormal,
} from '@typeflow/nn';
import * as T from '@typeflow/tensor';
import { randomValues } from '@typeflow/tensor/testing';
import { ModelProtoSchema } from 'onnx-buf';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { UnsupportedLayerError } from './errors.js';
import { exportOnnx } from './onnx.js';
import { exportTfjs, type TfjsModelFiles } from './tfjs.js';

const tn = (seed: number) => truncatedNormal({ stddev: 0.5, seed });

async function runOnnx(bytes: Uint8Array, x: Float32Array, shape: number[]): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  const { probabilities } = await session.run({ input: new ort.Tensor('float32', x, shape) });
  await session.release();
  return probabilities?.data as Float32Array;
}

async function runTfjs(files: TfjsModelFiles, x: Float32Array, shape: number[]): Promise<Float32Array> {
  const weights = files['weights.bin'];
  const artifacts = await tf.io.getModelArtifactsForJSON(JSON.parse(files['model.json']), async (manifest) => [
    manifest.flatMap((group) => group.weights),
    weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer,
  ]);
  const model = await loadLayersModel(tf.io.fromMemory(artifacts));
  const output = tf.tidy(() => model.predict(tf.tensor(x, shape)) as tf.Tensor);
  const values = output.dataSync() as Float32Array;
  output.dispose();
  model.dispose();
  return values;
}

/** Exports `model` both ways and checks both runtimes against typeflow on a random batch. */
async function expectSamePredictions(model: Sequential, expectedOutput: (x: T.Tensor) => T.Tensor): Promise<void> {
  const batch = 3;
  const shape = [batch, ...model.inputShape];
  const x = randomValues(
    shape.reduce((n, d) => n * d, 1),
    7,
    0,
    1,
  );
  const expected = T.scope(() => expectedOutput(T.tensor(x, shape))).dataSync() as Float32Array;
  const close = { rtol: 0, atol: 1e-5 };
  expect(Math.max(...expected) - Math.min(...expected), 'outputs that differ').toBeGreaterThan(0.05);
  const onnx = await runOnnx(exportOnnx(model), x, shape);
  const tfjs = await runTfjs(exportTfjs(model), x, shape);
  for (const [runtime, actual] of [
    ['ONNX Runtime', onnx],
    ['TensorFlow.js', tfjs],
  ] as const) {
    expect(actual.length, runtime).toBe(expected.length);
    const worst = Math.max(...Array.from(expected, (e, i) => Math.abs((actual[i] as number) - e)));
    expect(worst, runtime).toBeLessThanOrEqual(close.atol);
  }
}

class Swish implements Layer {
  readonly name = 'swish';
  forward(x: T.Tensor): T.Tensor {
    return T.mul(x, T.sigmoid(x));
  }
  parameters() {
    return [];
  }
  outputShape(shape: T.Shape): T.Shape {
    return shape;
  }
}

describe('exportOnnx and exportTfjs', () => {
  beforeAll(() => T.setBackend('cpu'));

  it('express Dense with fused activations and keep a final Softmax (no second softmax)', async () => {
    const model = new Sequential(
      [
        new Dense(6, 8, { weights: tn(1), bias: constant(0.1), activation: 'sigmoid' }),
        new Dense(8, 5, { weights: tn(2), bias: constant(-0.2), activation: 'relu' }),
        new Dropout(0.7),
        new Dense(5, 4, { weights: tn(3), bias: constant(0.3) }),
        new Softmax(),
      ],
      { inputShape: [6] },
    );
    await expectSamePredictions(model, (x) => model.forward(x));
  });

  it("express 'same' and 'valid' windows on odd sizes, strides, non-square filters and nested models", async () => {
    // 7 x 9 images with 2 channels: 'same' padding with stride 2 pads one more pixel at the bottom/right.
    const features = new Sequential([new Flatten(), new Dense(4 * 5 * 3, 6, { weights: tn(5), bias: constant(0.1) })], {
      inputShape: [4, 5, 3],
    });
    const model = new Sequential(
      [
        new Reshape([7, 9, 2]),
        new Conv2D(2, 3, { kernelSize: [3, 2], strides: 2, padding: 'same', weights: tn(1), bias: constant(0.1) }),
        new Sigmoid(),
        new Dropout(0.5),
        new Conv2D(3, 3, { kernelSize: 2, padding: 'valid', weights: tn(2), bias: constant(-0.1) }),
        new MaxPool2D({ size: 3, strides: 1, padding: 'same' }),
        new Reshape([3, 4, 3]),
        new Conv2D(3, 3, { kernelSize: 1, weights: tn(3) }),
        new ReLU(),
        new MaxPool2D({ size: 2, strides: 1, padding: 'valid' }),
        new Reshape([2, 3, 3]),
        new Conv2D(3, 3, { kernelSize: 3, weights: tn(4), bias: constant(0.2) }),
        new MaxPool2D({ size: 2, padding: 'same' }),
        new Reshape([1, 2, 3]),
        new Flatten(),
        new Dense(6, 60, { weights: tn(6) }),
        new Reshape([4, 5, 3]),
        features,
      ],
      { inputShape: [126] },
    );
    await expectSamePredictions(model, (x) => T.softmax(model.forward(x)));
  });

  it('refuse a custom layer, naming its place and its name', () => {
    const model = new Sequential([new Dense(4, 4), new Swish(), new Dense(4, 2)], { inputShape: [4] });
    for (const exporter of [exportOnnx, exportTfjs]) {
      expect(() => exporter(model)).toThrow(UnsupportedLayerError);
      expect(() => exporter(model)).toThrow(
        /argument 'model\.layers\[1\]' expected a layer it can express \(Dense, .*\), got 'swish', a layer of another kind/,
      );
    }
    const nested = new Sequential([new Sequential([new Swish()], { inputShape: [4] })], { inputShape: [4] });
    expect(() => exportOnnx(nested)).toThrow(/'model\.layers\[0\]\.layers\[0\]'/);
  });

  it('store the class names and the input shape; refuse names that do not fit the outputs', async () => {
    const model = new Sequential([new Dense(1296, 3, { weights: tn(1) })], { inputShape: [1296], name: 'tiny' });
    const classNames = ['serif', 'sans', 'mono'];
    const bytes = exportOnnx(model, { classNames });
    const file = fromBinary(ModelProtoSchema, bytes);
    expect(file.metadataProps.map((p) => [p.key, JSON.parse(p.value)])).toEqual([['classNames', classNames]]);
    expect(file.opsetImport.map((o) => o.version)).toEqual([13n]);
    const session = await ort.InferenceSession.create(bytes);
    expect(session.inputMetadata).toEqual([{ name: 'input', isTensor: true, type: 'float32', shape: ['batch', 1296] }]);
    expect(session.outputMetadata).toEqual([
      { name: 'probabilities', isTensor: true, type: 'float32', shape: ['batch', 3] },
    ]);
    await session.release();
    expect(JSON.parse(exportTfjs(model, { classNames })['model.json']).userDefinedMetadata).toEqual({ classNames });
    expect(() => exportOnnx(model, { classNames: ['a', 'b'] })).toThrow(
      "exportOnnx: argument 'classNames' expected 3 strings, one per model output, got an array of 2",
    );
    expect(() => exportTfjs({} as Sequential)).toThrow(/exportTfjs: argument 'model' expected a Sequential model/);
  });

  it('give TensorFlow.js unique layer names it accepts, whatever the names typeflow was given', async () => {
    const model = new Sequential(
      [
        new Dense(3, 3, { weights: tn(1), name: 'my layer!' }),
        new Sigmoid(),
        new Dense(3, 3, { weights: tn(2), name: 'my layer!' }),
        new Sigmoid(),
        new Dense(3, 2, { weights: tn(3), name: '_probabilities' }),
      ],
      { inputShape: [3], name: 'a model' },
    );
    const topology = JSON.parse(exportTfjs(model)['model.json']).modelTopology;
    expect(topology.config.layers.map((l: { config: { name: string } }) => l.config.name)).toEqual([
      'my_layer_',
      'sigmoid',
      'my_layer__1',
      'sigmoid_1',
      'probabilities',
      'probabilities_1',
    ]);
    await expectSamePredictions(model, (x) => T.softmax(model.forward(x)));
  });
});
