/**
 * The book's plots as standalone SVG strings: accuracy curves, heatmaps, image grids, line plots.
 *
 * @module viz
 */
export * from '@typeflow/viz';
