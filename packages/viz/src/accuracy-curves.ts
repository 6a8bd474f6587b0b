import { axes } from './axes.js';
import { refuse } from './errors.js';
import { legend } from './legend.js';
import { crossPath, dotPath } from './markers.js';
import { el, svgDocument } from './svg.js';
import { finiteNumber, numbers, optionalString, optionsOf, size } from './validate.js';

export interface AccuracyCurvesOptions {
  /** The epoch of each entry; when absent, entry i is at epoch i * evalEvery. */
  readonly epochs?: ArrayLike<number>;
  /** Training accuracy per evaluation, fractions in [0, 1]; NaN leaves a gap. */
  readonly train: ArrayLike<number>;
  /** Validation accuracy, one per training entry. */
  readonly valid?: ArrayLike<number>;
  /** Epochs between evaluations (default 1); ignored when `epochs` is given. */
  readonly evalEvery?: number;
  readonly title?: string;
  readonly xLabel?: string;
  readonly yLabel?: string;
  readonly width?: number;
  readonly height?: number;
}

const FN = 'accuracyCurves';
const RADIUS = 2.5;

/**
 * The book's accuracy plot: training accuracy as blue dots, validation as red crosses ('bo' and 'rx'),
 * epoch on x, accuracy 0..1 on y, legend in the lower right. NaN entries are not drawn.
 */
export function accuracyCurves(options: AccuracyCurvesOptions): string {
  const o = optionsOf(options, FN);
  const train = accuracies(o.train, 'train');
  const valid = o.valid === undefined ? undefined : accuracies(o.valid, 'valid');
  if (valid && valid.length !== train.length) {
    refuse(FN, 'valid', `${train.length} entries (one per training entry)`, `${valid.length}`);
  }
  const epochs = epochsOf(o, train.length);
  const width = size(o.width, 640, 240, FN, 'width');
  const height = size(o.height, 400, 180, FN, 'height');
  const title = optionalString(o.title, FN, 'title') ?? 'Accuracy';

  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const e of epochs) {
    lo = Math.min(lo, e);
    hi = Math.max(hi, e);
  }
  const frame = axes({
    width,
    height,
    title,
    xLabel: optionalString(o.xLabel, FN, 'xLabel') ?? 'epoch',
    yLabel: optionalString(o.yLabel, FN, 'yLabel') ?? 'accuracy',
    // Room on each side (half an epoch, or 2% of the run), so the first and last points are off the frame.
    xDomain: [lo - Math.max(0.5, (hi - lo) * 0.02), hi + Math.max(0.5, (hi - lo) * 0.02)],
    integerX: epochs.every(Number.isInteger),
    yDomain: [0, 1],
  });
  const markers = (values: ArrayLike<number>, shape: typeof dotPath) => {
    let d = '';
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (Number.isFinite(v)) d += shape(frame.x(epochs[i] as number), frame.y(v), RADIUS);
    }
    return d;
  };
  const body: string[] = [];
  const trainPath = markers(train, dotPath);
  if (trainPath) body.push(el('path', { class: 'train', d: trainPath, fill: 'blue' }));
  const items = [
    {
      label: 'training',
      swatch: (cx: number, cy: number) => el('path', { d: dotPath(cx, cy, RADIUS + 0.5), fill: 'blue' }),
    },
  ];
  if (valid) {
    const validPath = markers(valid, crossPath);
    if (validPath)
      body.push(el('path', { class: 'valid', d: validPath, fill: 'none', stroke: 'red', 'stroke-width': 1.5 }));
    items.push({
      label: 'validation',
      swatch: (cx, cy) =>
        el('path', { d: crossPath(cx, cy, RADIUS + 1), fill: 'none', stroke: 'red', 'stroke-width': 1.5 }),
    });
  }
  body.push(...frame.decorations, legend(items, frame.plot, 'lower right'));
  return svgDocument(width, height, title, body);
}

function accuracies(value: unknown, argument: 'train' | 'valid'): ArrayLike<number> {
  const values = numbers(value, FN, argument);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isFinite(v) ? v < 0 || v > 1 : !Number.isNaN(v)) {
      refuse(FN, argument, 'accuracies as fractions in [0, 1] (NaN for a gap)', `${v} at index ${i}`);
    }
  }
  return values;
}

function epochsOf(o: Partial<AccuracyCurvesOptions>, count: number): number[] {
  if (o.epochs !== undefined) {
    const epochs = numbers(o.epochs, FN, 'epochs');
    if (epochs.length !== count) refuse(FN, 'epochs', `${count} epochs (one per training entry)`, `${epochs.length}`);
    for (let i = 0; i < count; i++) {
      if (!Number.isFinite(epochs[i])) refuse(FN, 'epochs', 'finite epoch numbers', `${epochs[i]} at index ${i}`);
    }
    return Array.from(epochs);
  }
  const every = o.evalEvery === undefined ? 1 : finiteNumber(o.evalEvery, FN, 'evalEvery');
  if (every <= 0) refuse(FN, 'evalEvery', 'a positive number', `${every}`);
  return Array.from({ length: count }, (_, i) => i * every);
}
