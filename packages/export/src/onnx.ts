import { create, toBinary } from '@bufbuild/protobuf';
import type { Sequential } from '@typeflow/nn';
import type { Padding, Shape } from '@typeflow/tensor';
import {
  type AttributeProto,
  AttributeProto_AttributeType,
  AttributeProtoSchema,
  GraphProtoSchema,
  ModelProtoSchema,
  type NodeProto,
  NodeProtoSchema,
  type TensorProto,
  TensorProto_DataType,
  TensorProtoSchema,
  ValueInfoProtoSchema,
} from 'onnx-buf';
import { littleEndianBytes } from './bytes.js';
import { describeModel, type LayerDescription } from './model-description.js';

/**
 * Opset 13 (ONNX 1.8, 2020) has every operator needed here with today's semantics (Softmax over one
 * axis) and runs in any ONNX Runtime since 1.6; IR version 7 is the file format of that release.
 */
export const ONNX_OPSET = 13;
const IR_VERSION = 7n;

export interface OnnxExportOptions {
  /** One name per output class (default "0", "1", ...), stored in the model's metadata as `classNames`. */
  readonly classNames?: readonly string[];
}

/** The graph's input and output names. */
export const ONNX_INPUT = 'input';
export const ONNX_OUTPUT = 'probabilities';

/**
 * The model as an ONNX file (opset 13). Input `input`: float32 [batch, ...model.inputShape], the values
 * the model was trained on (for the book's models: 1296 pixels scaled 0..1). Output `probabilities`:
 * the softmax of the model's output (or its output, when its last layer is already a Softmax). The
 * class names are in the metadata (`classNames`, a JSON array). Throws UnsupportedLayerError for a
 * layer ONNX cannot express here.
 */
export function exportOnnx(model: Sequential, options: OnnxExportOptions = {}): Uint8Array {
  const description = describeModel(model, options.classNames, 'exportOnnx');
  const graph = new GraphBuilder();
  let x = ONNX_INPUT;
  // typeflow's images are NHWC (TensorFlow's layout); ONNX Conv and MaxPool take NCHW. Tensors stay
  // NCHW between spatial layers and are transposed back before anything that reads the element order.
  let layout: 'nhwc' | 'nchw' = 'nhwc';
  const toLayout = (wanted: 'nhwc' | 'nchw') => {
    if (layout !== wanted) x = graph.node('Transpose', [x], { perm: wanted === 'nchw' ? [0, 3, 1, 2] : [0, 2, 3, 1] });
    layout = wanted;
  };
  description.layers.forEach((layer, i) => {
    const wanted = layoutFor(layer);
    if (wanted !== 'any') toLayout(wanted);
    x = addLayer(graph, layer, x, `layers.${i}.${layer.name}`);
  });
  toLayout('nhwc');
  if (!description.outputsProbabilities) x = graph.node('Softmax', [x], { axis: -1 });
  const output = graph.node('Identity', [x], {}, ONNX_OUTPUT);

  const file = create(ModelProtoSchema, {
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: BigInt(ONNX_OPSET) }],
    producerName: 'typeflow',
    docString: `typeflow model '${description.name}': ${ONNX_INPUT} [batch, ${description.inputShape.join(', ')}] -> ${ONNX_OUTPUT} [batch, ${description.outputShape.join(', ')}]`,
    metadataProps: [{ key: 'classNames', value: JSON.stringify(description.classNames) }],
    graph: create(GraphProtoSchema, {
      name: description.name,
      node: graph.nodes,
      initializer: graph.initializers,
      input: [valueInfo(ONNX_INPUT, description.inputShape)],
      output: [valueInfo(output, description.outputShape)],
    }),
  });
  return toBinary(ModelProtoSchema, file);
}

/** The layout a layer needs its input in: elementwise layers take either. */
function layoutFor(layer: LayerDescription): 'nhwc' | 'nchw' | 'any' {
  if (layer.kind === 'conv2d' || layer.kind === 'maxPool2d') return 'nchw';
  if (layer.kind === 'dropout' || (layer.kind === 'activation' && layer.activation !== 'softmax')) return 'any';
  return 'nhwc';
}

function addLayer(graph: GraphBuilder, layer: LayerDescription, x: string, prefix: string): string {
  switch (layer.kind) {
    case 'dense': {
      const inputs = layer.inputShape[0] as number;
      const w = graph.initializer(`${prefix}.W`, [inputs, layer.units], layer.weights);
      const b = graph.initializer(`${prefix}.b`, [layer.units], layer.bias);
      const y = graph.node('Gemm', [x, w, b]);
      if (layer.activation === 'linear') return y;
      return graph.node(layer.activation === 'sigmoid' ? 'Sigmoid' : 'Relu', [y]);
    }
    case 'activation':
      if (layer.activation === 'softmax') return graph.node('Softmax', [x], { axis: -1 });
      return graph.node(layer.activation === 'sigmoid' ? 'Sigmoid' : 'Relu', [x]);
    case 'conv2d': {
      const [kh, kw] = layer.kernelSize;
      const filter = graph.initializer(
        `${prefix}.W`,
        [layer.filters, layer.inChannels, kh, kw],
        toOutInHW(layer.weights, [kh, kw, layer.inChannels, layer.filters]),
      );
      const b = graph.initializer(`${prefix}.b`, [layer.filters], layer.bias);
      return graph.node('Conv', [x, filter, b], {
        kernel_shape: [kh, kw],
        strides: [layer.strides, layer.strides],
        pads: explicitPads(layer.inputShape, [kh, kw], layer.strides, layer.padding),
      });
    }
    case 'maxPool2d':
      return graph.node('MaxPool', [x], {
        kernel_shape: [layer.size, layer.size],
        strides: [layer.strides, layer.strides],
        pads: explicitPads(layer.inputShape, [layer.size, layer.size], layer.strides, layer.padding),
      });
    case 'flatten':
      return graph.node('Flatten', [x], { axis: 1 });
    case 'reshape':
      return graph.node('Reshape', [x, graph.int64s(`${prefix}.shape`, [-1, ...layer.target])]);
    case 'dropout':
      return x; // the identity when predicting
  }
}

/**
 * TensorFlow's padding as explicit ONNX pads [top, left, bottom, right]: 'same' pads so the output is
 * ceil(n / stride), with the odd pixel at the bottom and right; 'valid' pads nothing.
 */
function explicitPads(inputShape: Shape, window: readonly [number, number], strides: number, padding: Padding) {
  if (padding === 'valid') return [0, 0, 0, 0];
  const total = [0, 1].map((axis) => {
    const n = inputShape[axis] as number;
    const out = Math.ceil(n / strides);
    return Math.max((out - 1) * strides + (window[axis] as number) - n, 0);
  }) as [number, number];
  const before = total.map((t) => Math.floor(t / 2));
  return [...before, ...total.map((t, axis) => t - (before[axis] as number))];
}

/** A filter [kh, kw, in, out] (TensorFlow's layout) as [out, in, kh, kw] (ONNX's). */
function toOutInHW(values: Float32Array, [kh, kw, cin, cout]: [number, number, number, number]): Float32Array {
  const out = new Float32Array(values.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++)
          out[((o * cin + i) * kh + y) * kw + x] = values[((y * kw + x) * cin + i) * cout + o] as number;
  return out;
}

function valueInfo(name: string, exampleShape: Shape) {
  const dims = [
    { value: { case: 'dimParam', value: 'batch' } } as const,
    ...exampleShape.map((d) => ({ value: { case: 'dimValue', value: BigInt(d) } }) as const),
  ];
  return create(ValueInfoProtoSchema, {
    name,
    type: { value: { case: 'tensorType', value: { elemType: TensorProto_DataType.FLOAT, shape: { dim: dims } } } },
  });
}

/** The nodes and initializers of one graph, named in order (t1, t2, ... for intermediate values). */
class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];

  node(opType: string, inputs: string[], attributes: Record<string, number | number[]> = {}, output?: string): string {
    const name = output ?? `t${this.nodes.length + 1}`;
    this.nodes.push(
      create(NodeProtoSchema, {
        name: `${opType}_${this.nodes.length + 1}`,
        opType,
        input: inputs,
        output: [name],
        attribute: Object.entries(attributes).map(([key, value]) => attribute(key, value)),
      }),
    );
    return name;
  }

  initializer(name: string, dims: Shape, values: Float32Array): string {
    this.initializers.push(
      create(TensorProtoSchema, {
        name,
        dims: dims.map(BigInt),
        dataType: TensorProto_DataType.FLOAT,
        rawData: littleEndianBytes(values),
      }),
    );
    return name;
  }

  int64s(name: string, values: readonly number[]): string {
    this.initializers.push(
      create(TensorProtoSchema, {
        name,
        dims: [BigInt(values.length)],
        dataType: TensorProto_DataType.INT64,
        int64Data: values.map(BigInt),
      }),
    );
    return name;
  }
}

function attribute(name: string, value: number | number[]): AttributeProto {
  return create(
    AttributeProtoSchema,
    Array.isArray(value)
      ? { name, type: AttributeProto_AttributeType.INTS, ints: value.map(BigInt) }
      : { name, type: AttributeProto_AttributeType.INT, i: BigInt(value) },
  );
}
