import type { Sequential } from '@typeflow/nn';
import { littleEndianBytes } from './bytes.js';
import { describeModel, type LayerDescription } from './model-description.js';

export interface TfjsExportOptions {
  /** One name per output class (default "0", "1", ...), stored as `userDefinedMetadata.classNames`. */
  readonly classNames?: readonly string[];
}

/** The files of a TensorFlow.js layers model: write both into one folder. */
export type TfjsModelFiles = {
  /** The topology (Keras JSON), the weights manifest and the metadata. */
  readonly 'model.json': string;
  /** Every weight, float32 little-endian, in the manifest's order. */
  readonly 'weights.bin': Uint8Array;
};

interface KerasLayer {
  readonly class_name: string;
  readonly config: Record<string, unknown>;
}

interface WeightSpec {
  readonly name: string;
  readonly shape: number[];
  readonly dtype: 'float32';
}

/**
 * The model in the TensorFlow.js layers format (what `tf.loadLayersModel` loads), as Keras would save
 * it: a Sequential of Dense, Activation, Conv2D, MaxPooling2D, Flatten, Reshape and Dropout layers,
 * ending in a softmax so it outputs probabilities. Throws UnsupportedLayerError for a layer the
 * format cannot express here.
 */
export function exportTfjs(model: Sequential, options: TfjsExportOptions = {}): TfjsModelFiles {
  const description = describeModel(model, options.classNames, 'exportTfjs');
  const names = uniqueNames(description.layers.map((layer) => layer.name));
  const layers: KerasLayer[] = [];
  const specs: WeightSpec[] = [];
  const weights: Float32Array[] = [];
  description.layers.forEach((layer, i) => {
    const name = names[i] as string;
    const keras = kerasLayer(layer, name);
    if (i === 0) keras.config.batch_input_shape = [null, ...description.inputShape];
    layers.push(keras);
    if (layer.kind === 'dense' || layer.kind === 'conv2d') {
      const kernelShape =
        layer.kind === 'dense'
          ? [layer.inputShape[0] as number, layer.units]
          : [...layer.kernelSize, layer.inChannels, layer.filters];
      specs.push({ name: `${name}/kernel`, shape: kernelShape, dtype: 'float32' });
      specs.push({ name: `${name}/bias`, shape: [layer.bias.length], dtype: 'float32' });
      weights.push(layer.weights, layer.bias);
    }
  });
  if (!description.outputsProbabilities) {
    const name = uniqueNames([...names, 'probabilities']).at(-1) as string;
    layers.push({ class_name: 'Activation', config: { name, activation: 'softmax' } });
  }
  const modelJson = {
    format: 'layers-model',
    generatedBy: 'typeflow',
    convertedBy: null,
    modelTopology: {
      class_name: 'Sequential',
      config: { name: safeName(description.name), layers },
      keras_version: 'tfjs-layers 4.22.0',
      backend: 'tensor_flow.js',
    },
    weightsManifest: [{ paths: ['weights.bin'], weights: specs }],
    userDefinedMetadata: { classNames: description.classNames },
  };
  const all = new Float32Array(weights.reduce((n, w) => n + w.length, 0));
  weights.reduce((offset, w) => {
    all.set(w, offset);
    return offset + w.length;
  }, 0);
  return { 'model.json': `${JSON.stringify(modelJson)}\n`, 'weights.bin': littleEndianBytes(all) };
}

function kerasLayer(layer: LayerDescription, name: string): KerasLayer {
  switch (layer.kind) {
    case 'dense':
      return {
        class_name: 'Dense',
        config: { name, units: layer.units, activation: layer.activation, use_bias: true },
      };
    case 'activation':
      return { class_name: 'Activation', config: { name, activation: layer.activation } };
    case 'conv2d':
      return {
        class_name: 'Conv2D',
        config: {
          name,
          filters: layer.filters,
          kernel_size: [...layer.kernelSize],
          strides: [layer.strides, layer.strides],
          padding: layer.padding,
          data_format: 'channels_last',
          dilation_rate: [1, 1],
          activation: 'linear',
          use_bias: true,
        },
      };
    case 'maxPool2d':
      return {
        class_name: 'MaxPooling2D',
        config: {
          name,
          pool_size: [layer.size, layer.size],
          strides: [layer.strides, layer.strides],
          padding: layer.padding,
          data_format: 'channels_last',
        },
      };
    case 'flatten':
      return { class_name: 'Flatten', config: { name } };
    case 'reshape':
      return { class_name: 'Reshape', config: { name, target_shape: [...layer.target] } };
    case 'dropout':
      return { class_name: 'Dropout', config: { name, rate: 1 - layer.keepProbability } };
  }
}

/**
 * Layer names TensorFlow.js accepts (letters, digits, `._-`, starting with a letter or digit) and
 * that are unique in the model, as its weights are found by name: relu, relu_1, relu_2, ...
 */
function uniqueNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.map((raw) => {
    const base = safeName(raw);
    let name = base;
    for (let k = 1; seen.has(name); k++) name = `${base}_${k}`;
    seen.add(name);
    return name;
  });
}

function safeName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[^A-Za-z0-9]+/, '');
  return cleaned === '' ? 'layer' : cleaned;
}
