import type { Variable } from '@typeflow/autograd';
import {
  describeValue,
  formatShape,
  refuse,
  type Shape,
  ShapeError,
  type Tensor,
  TypeflowError,
  ValueError,
} from '@typeflow/tensor';
import type { ForwardOptions, Layer } from './layer.js';

export interface SequentialOptions {
  /** One example's shape, e.g. [1296]; the layers are checked to chain from it. */
  readonly inputShape: Shape;
  readonly name?: string;
}

/** Layers applied in order. The model's output is the last layer's (logits for the book models). */
export class Sequential implements Layer {
  readonly name: string;
  readonly layers: readonly Layer[];
  readonly inputShape: Shape;
  /** One example's output shape, e.g. [5]. */
  readonly outputShapePerExample: Shape;
  /** True when any of its layers differs in training. */
  readonly differsInTraining: boolean;

  constructor(layers: readonly Layer[], options: SequentialOptions) {
    if (!Array.isArray(layers) || layers.length === 0)
      refuse(ValueError, 'Sequential', 'layers', 'a non-empty array of layers', describeValue(layers));
    this.name = options.name ?? 'sequential';
    this.layers = [...layers];
    this.inputShape = [...options.inputShape];
    this.outputShapePerExample = this.outputShape(this.inputShape);
    this.differsInTraining = this.layers.some((layer) => layer.differsInTraining !== false);
  }

  forward(x: Tensor, options: ForwardOptions = {}): Tensor {
    const expected = this.inputShape;
    if (x.rank !== expected.length + 1 || expected.some((d, i) => x.shape[i + 1] !== d)) {
      refuse(ShapeError, this.name, 'x', `shape [batch, ${expected.join(', ')}]`, formatShape(x.shape));
    }
    return this.layers.reduce((h, layer) => layer.forward(h, options), x);
  }

  parameters(): Variable[] {
    return this.layers.flatMap((layer) => layer.parameters());
  }

  /** Checks that each layer accepts the previous one's output, naming the first pair that does not. */
  outputShape(inputShape: Shape): Shape {
    let shape = inputShape;
    this.layers.forEach((layer, i) => {
      try {
        shape = layer.outputShape(shape);
      } catch (error) {
        if (!(error instanceof TypeflowError)) throw error;
        const after = i === 0 ? 'the input' : `layer ${i - 1} (${this.layers[i - 1]?.name})`;
        throw new ShapeError(
          `${this.name}: layer ${i} (${layer.name}) does not accept the output of ${after}, shape ${formatShape(shape)}: ${error.message}`,
          { op: this.name, argument: `layers[${i}]`, actual: formatShape(shape) },
        );
      }
    });
    return shape;
  }

  /**
   * The parameters under the book's names: W and b for a model with one weighted layer, else
   * W1, b1, W2, b2, ... in layer order (the names checkpoints use).
   */
  namedParameters(): Map<string, Variable> {
    const weighted = this.layers.filter((layer) => layer.parameters().length > 0);
    const named = new Map<string, Variable>();
    weighted.forEach((layer, i) => {
      const suffix = weighted.length === 1 ? '' : String(i + 1);
      const [w, b, ...rest] = layer.parameters();
      if (w) named.set(`W${suffix}`, w);
      if (b) named.set(`b${suffix}`, b);
      rest.forEach((p, j) => {
        named.set(`p${suffix}_${j}`, p);
      });
    });
    return named;
  }

  dispose(): void {
    for (const p of this.parameters()) p.dispose();
  }
}
