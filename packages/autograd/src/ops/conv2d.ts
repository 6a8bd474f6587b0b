import * as T from '@typeflow/tensor';
import { record } from '../tape.js';

/**
 * 2-D convolution of images x [batch, height, width, inChannels] with filter [fh, fw, in, out].
 * dx is the transposed convolution of dy with the filter; dfilter correlates x with dy. Both are
 * tensor ops that pick a fast route per backend (wasm has no Conv2DBackpropFilter kernel).
 */
export function conv2d(x: T.Tensor, filter: T.Tensor, options: T.Conv2dOptions = {}): T.Tensor {
  return record(
    'conv2d',
    T.conv2d(x, filter, options),
    [x, filter],
    [
      (dy) => T.conv2dBackpropInput(dy, filter, x.shape, options),
      (dy) => T.conv2dBackpropFilter(x, dy, filter.shape, options),
    ],
  );
}
