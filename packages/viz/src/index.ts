export { type AccuracyCurvesOptions, accuracyCurves } from './accuracy-curves.js';
export { type Colormap, type ColormapName, diverging, gray, grayReversed, viridis } from './colormap.js';
export { VizError, type VizErrorDetails } from './errors.js';
export { type HeatmapOptions, heatmap } from './heatmap.js';
export { type ImageGridOptions, type ImageStack, imageGrid } from './image-grid.js';
export type { LegendPosition } from './legend.js';
export { type LinePlotOptions, type LineSeries, linePlot } from './line-plot.js';
