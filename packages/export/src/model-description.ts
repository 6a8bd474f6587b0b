import {
  Conv2D,
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
} from '@typeflow/nn';
import { type Padding, refuse, type Shape, type Tensor, ValueError } from '@typeflow/tensor';
import { UnsupportedLayerError } from './errors.js';

export type ActivationName = 'sigmoid' | 'relu' | 'softmax';

/** One layer as an export format needs it: its kind, settings and weights, and the shapes around it. */
export type LayerDescription = (
  | {
      readonly kind: 'dense';
      /** W [inputs, outputs] and b [outputs], as the layer holds them. */
      readonly weights: Float32Array;
      readonly bias: Float32Array;
      readonly units: number;
      readonly activation: 'linear' | 'sigmoid' | 'relu';
    }
  | { readonly kind: 'activation'; readonly activation: ActivationName }
  | {
      readonly kind: 'conv2d';
      /** The filter [kh, kw, inChannels, outChannels] (TensorFlow's layout) and b [outChannels]. */
      readonly weights: Float32Array;
      readonly bias: Float32Array;
      readonly kernelSize: readonly [number, number];
      readonly inChannels: number;
      readonly filters: number;
      readonly strides: number;
      readonly padding: Padding;
    }
  | { readonly kind: 'maxPool2d'; readonly size: number; readonly strides: number; readonly padding: Padding }
  | { readonly kind: 'flatten' }
  | { readonly kind: 'reshape'; readonly target: Shape }
  | { readonly kind: 'dropout'; readonly keepProbability: number }
) & {
  readonly name: string;
  /** One example's shape going in and coming out, e.g. [36, 36, 1] -> [36, 36, 4]. */
  readonly inputShape: Shape;
  readonly outputShape: Shape;
};

/** A Sequential model as a flat list of layers an exporter can translate one by one. */
export interface ModelDescription {
  readonly name: string;
  readonly inputShape: Shape;
  readonly outputShape: Shape;
  readonly layers: readonly LayerDescription[];
  /** True when the last layer is a Softmax: the model outputs probabilities already. */
  readonly outputsProbabilities: boolean;
  readonly classNames: readonly string[];
}

export const SUPPORTED_LAYERS =
  'Dense, Sigmoid, ReLU, Softmax, Conv2D, MaxPool2D, Flatten, Reshape, Dropout, Sequential';

/**
 * Reads each layer's settings from its public fields and its weights from its variables (nested
 * Sequential models are flattened). Any other layer is refused with its place and name: `op` is the
 * exporter's name, for the message.
 */
export function describeModel(
  model: Sequential,
  classNames: readonly string[] | undefined,
  op: string,
): ModelDescription {
  if (!(model instanceof Sequential)) {
    refuse(ValueError, op, 'model', 'a Sequential model (it knows its input shape)', describeValue(model));
  }
  const layers: LayerDescription[] = [];
  const visit = (sequential: Sequential, path: string, inputShape: Shape): Shape => {
    let shape = inputShape;
    sequential.layers.forEach((layer, i) => {
      const where = `${path}.layers[${i}]`;
      if (layer instanceof Sequential) {
        shape = visit(layer, where, shape);
        return;
      }
      const outputShape = layer.outputShape(shape);
      layers.push({ ...describeLayer(layer, where, op), name: layer.name, inputShape: shape, outputShape });
      shape = outputShape;
    });
    return shape;
  };
  const outputShape = visit(model, 'model', model.inputShape);
  const last = layers.at(-1);
  return {
    name: model.name,
    inputShape: model.inputShape,
    outputShape,
    layers,
    outputsProbabilities: last?.kind === 'activation' && last.activation === 'softmax',
    classNames: resolveClassNames(classNames, outputShape, op),
  };
}

function describeLayer(layer: Layer, path: string, op: string) {
  if (layer instanceof Dense) {
    return {
      kind: 'dense',
      weights: values(layer.weights.value),
      bias: values(layer.bias.value),
      units: layer.outputs,
      activation: layer.activation,
    } as const;
  }
  if (layer instanceof Conv2D) {
    const [, , inChannels, filters] = layer.weights.shape as [number, number, number, number];
    return {
      kind: 'conv2d',
      weights: values(layer.weights.value),
      bias: values(layer.bias.value),
      kernelSize: layer.kernelSize,
      inChannels,
      filters,
      strides: layer.strides,
      padding: layer.padding,
    } as const;
  }
  if (layer instanceof Sigmoid) return { kind: 'activation', activation: 'sigmoid' } as const;
  if (layer instanceof ReLU) return { kind: 'activation', activation: 'relu' } as const;
  if (layer instanceof Softmax) return { kind: 'activation', activation: 'softmax' } as const;
  if (layer instanceof MaxPool2D) {
    return { kind: 'maxPool2d', size: layer.size, strides: layer.strides, padding: layer.padding } as const;
  }
  if (layer instanceof Flatten) return { kind: 'flatten' } as const;
  if (layer instanceof Reshape) return { kind: 'reshape', target: layer.target } as const;
  if (layer instanceof Dropout) return { kind: 'dropout', keepProbability: layer.keepProbability } as const;
  return refuse(
    UnsupportedLayerError,
    op,
    path,
    `a layer it can express (${SUPPORTED_LAYERS})`,
    `'${String(layer?.name)}', a layer of another kind (a custom layer?)`,
  );
}

/** The class names, one per output of the model's last axis; by default "0", "1", ... */
function resolveClassNames(classNames: readonly string[] | undefined, outputShape: Shape, op: string): string[] {
  const classes = outputShape.at(-1) ?? 1;
  if (classNames === undefined) return Array.from({ length: classes }, (_, i) => String(i));
  if (!Array.isArray(classNames) || classNames.length !== classes || !classNames.every((n) => typeof n === 'string')) {
    refuse(ValueError, op, 'classNames', `${classes} strings, one per model output`, describeValue(classNames));
  }
  return [...classNames];
}

function values(t: Tensor): Float32Array {
  return Float32Array.from(t.dataSync() as Float32Array);
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return value === null ? 'null' : typeof value;
}
