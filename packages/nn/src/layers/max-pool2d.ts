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
import type { Layer } from './layer.js';
import { windowOutput } from './window.js';

export interface MaxPool2DOptions {
  /** Window size (default 2). */
  readonly size?: number;
  /** Default: the window size. */
  readonly strides?: number;
  /** Default 'valid', as the book's pooling. */
  readonly padding?: Padding;
}

/** The maximum over each window of images [batch, height, width, channels]. */
export class MaxPool2D implements Layer {
  readonly name = 'maxpool';
  readonly differsInTraining = false;
  /** Window height and width. */
  readonly size: number;
  readonly strides: number;
  readonly padding: Padding;

  constructor(options: MaxPool2DOptions = {}) {
    this.size = options.size ?? 2;
    this.strides = options.strides ?? this.size;
    this.padding = options.padding ?? 'valid';
    for (const [argument, value] of [
      ['size', this.size],
      ['strides', this.strides],
    ] as const) {
      if (!Number.isInteger(value) || value <= 0)
        refuse(ValueError, 'MaxPool2D', argument, 'a positive integer', describeValue(value));
    }
  }

  forward(x: Tensor): Tensor {
    return A.maxPool(x, { size: this.size, strides: this.strides, padding: this.padding });
  }

  parameters(): A.Variable[] {
    return [];
  }

  outputShape(inputShape: Shape): Shape {
    if (inputShape.length !== 3)
      refuse(ShapeError, this.name, 'input', 'images [height, width, channels]', formatShape(inputShape));
    const [h, w, c] = inputShape as [number, number, number];
    return [
      windowOutput(this.name, 'size', h, this.size, this.strides, this.padding, true),
      windowOutput(this.name, 'size', w, this.size, this.strides, this.padding, true),
      c,
    ];
  }
}
