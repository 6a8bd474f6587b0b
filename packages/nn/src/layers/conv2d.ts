import * as A from '@typeflow/autograd';
import {
  describeValue,
  formatShape,
  type Padding,
  refuse,
  type Shape,
  ShapeError,
  type Tensor,
  ValueError,
} from '@typeflow/tensor';
import { type Initializer, zeros } from '../initializers.js';
import type { Layer } from './layer.js';
import { windowOutput } from './window.js';

export interface Conv2DOptions {
  /** Filter height and width (one number for a square filter). */
  readonly kernelSize: number | readonly [number, number];
  readonly strides?: number;
  /** Default 'same', as the book's convolutions. */
  readonly padding?: Padding;
  /** Initializer of the filter [kh, kw, inChannels, outChannels]. Default zeros. */
  readonly weights?: Initializer;
  readonly bias?: Initializer;
  readonly name?: string;
}

/** A 2-D convolution over images [batch, height, width, channels] plus a bias per output channel. */
export class Conv2D implements Layer {
  readonly name: string;
  readonly differsInTraining = false;
  readonly weights: A.Variable;
  readonly bias: A.Variable;
  /** Filter height and width. */
  readonly kernelSize: readonly [number, number];
  readonly strides: number;
  readonly padding: Padding;

  constructor(inChannels: number, outChannels: number, options: Conv2DOptions) {
    for (const [argument, value] of [
      ['inChannels', inChannels],
      ['outChannels', outChannels],
    ] as const) {
      if (!Number.isInteger(value) || value <= 0)
        refuse(ValueError, 'Conv2D', argument, 'a positive integer', describeValue(value));
    }
    const k = options.kernelSize;
    this.kernelSize = typeof k === 'number' ? [k, k] : [k[0], k[1]];
    if (!this.kernelSize.every((d) => Number.isInteger(d) && d > 0))
      refuse(ValueError, 'Conv2D', 'kernelSize', 'positive integers', describeValue(k));
    this.strides = options.strides ?? 1;
    if (!Number.isInteger(this.strides) || this.strides <= 0)
      refuse(ValueError, 'Conv2D', 'strides', 'a positive integer', describeValue(this.strides));
    this.padding = options.padding ?? 'same';
    this.name = options.name ?? `conv${this.kernelSize.join('x')}x${outChannels}`;
    this.weights = new A.Variable((options.weights ?? zeros())([...this.kernelSize, inChannels, outChannels]), {
      name: `${this.name}.W`,
    });
    this.bias = new A.Variable((options.bias ?? zeros())([outChannels]), { name: `${this.name}.b` });
  }

  forward(x: Tensor): Tensor {
    return A.add(A.conv2d(x, this.weights.value, { strides: this.strides, padding: this.padding }), this.bias.value);
  }

  parameters(): A.Variable[] {
    return [this.weights, this.bias];
  }

  outputShape(inputShape: Shape): Shape {
    const [, , inChannels, outChannels] = this.weights.shape as [number, number, number, number];
    if (inputShape.length !== 3 || inputShape[2] !== inChannels) {
      refuse(ShapeError, this.name, 'input', `images [height, width, ${inChannels}]`, formatShape(inputShape));
    }
    const [h, w] = inputShape as [number, number, number];
    return [
      windowOutput(this.name, 'kernelSize', h, this.kernelSize[0], this.strides, this.padding, false),
      windowOutput(this.name, 'kernelSize', w, this.kernelSize[1], this.strides, this.padding, false),
      outChannels,
    ];
  }
}
