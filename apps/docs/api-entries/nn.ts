/**
 * Layers, initializers, losses, optimizers, the trainer, metrics, checkpoints and the book models.
 *
 * @module nn
 */
export * from '@typeflow/nn';
