/**
 * npy/npz files, the font dataset (the book's and a generated one), one-hot, splits and batches.
 *
 * @module data
 */
export * from '@typeflow/data';
