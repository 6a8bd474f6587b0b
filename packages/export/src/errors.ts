import { TypeflowError } from '@typeflow/tensor';

/**
 * A layer the export format cannot express, such as a custom Layer class. `details.argument` says
 * where it sits (`model.layers[2]`, nested: `model.layers[1].layers[0]`), the message gives its `name`.
 */
export class UnsupportedLayerError extends TypeflowError {
  override name = 'UnsupportedLayerError';
}
