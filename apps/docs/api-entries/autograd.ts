/**
 * Reverse-mode automatic differentiation over @typeflow/tensor: a tape, grad/valueAndGrad, Variables, one VJP rule per op.
 *
 * @module autograd
 */
export * from '@typeflow/autograd';
