/**
 * What each page says about its run's numbers, written once: the examples' tests check every claim on
 * the numbers the example returns in Node, and the site test checks it again on the numbers the page
 * prints in Chromium. `values` maps each metric's id to its number (accuracies as fractions).
 */
export type Values = Readonly<Record<string, number>>;

export interface Claim {
  /** The page's sentence, or its gist. */
  readonly says: string;
  readonly holds: (values: Values) => boolean;
}

const v = (values: Values, id: string): number => {
  const value = values[id];
  if (value === undefined) throw new Error(`no metric '${id}' (have ${Object.keys(values).join(', ')})`);
  return value;
};
const near = (value: number, target: number, tolerance: number) => Math.abs(value - target) <= tolerance;

export const CLAIMS: Readonly<Record<string, readonly Claim[]>> = {
  // #region claims
  'logistic-regression': [
    { says: "300 epochs end far above the book's run (about 40%)", holds: (x) => v(x, 'validAcc') > 0.5 },
    { says: 'training accuracy climbs above validation accuracy', holds: (x) => v(x, 'trainAcc') > v(x, 'validAcc') },
    { says: '6,485 parameters (W [1296, 5] and b [5])', holds: (x) => v(x, 'parameters') === 6485 },
  ],
  // #endregion claims
  'training-evaluating': [
    {
      says: 'the larger the rate (0.02, 0.1, 0.5), the further the same 300 epochs get',
      holds: (x) => v(x, 'validAcc0') < v(x, 'validAcc1') && v(x, 'validAcc1') < v(x, 'validAcc2'),
    },
  ],
  'basic-networks': [
    {
      says: 'from zeros the neuron starts at a loss of ln 2 = 0.693',
      holds: (x) => near(v(x, 'firstLoss'), Math.log(2), 5e-4),
    },
    { says: 'training takes the loss well below that', holds: (x) => v(x, 'finalLoss') < Math.log(2) / 2 },
    { says: 'one neuron tells the two fonts apart', holds: (x) => v(x, 'validAcc') > 0.8 },
  ],
  'hidden-layer': [
    { says: 'after 10 epochs: about 70% validation accuracy', holds: (x) => near(v(x, 'validAcc'), 0.7, 0.1) },
    { says: 'training accuracy above validation accuracy', holds: (x) => v(x, 'trainAcc') > v(x, 'validAcc') },
    { says: '166,661 parameters', holds: (x) => v(x, 'parameters') === 166_661 },
  ],
  'multiple-layers': [
    { says: '170,309 parameters', holds: (x) => v(x, 'parameters') === 170_309 },
    {
      says: 'after 10 epochs: about 70% validation accuracy, as one hidden layer',
      holds: (x) => near(v(x, 'validAcc'), 0.7, 0.1),
    },
  ],
  'softmax-twice': [
    {
      says: "the book's loss can never go below log(1 + 4/e) = 0.905",
      holds: (x) => near(v(x, 'bookLossFloor'), Math.log(1 + 4 / Math.E), 1e-3),
    },
    {
      says: "at the start the book's gradient is exactly five times smaller",
      holds: (x) => near(v(x, 'startRatio'), 0.2, 1e-3),
    },
    {
      says: "300 epochs at rate 0.02 with the book's loss leave the model near chance (20%)",
      holds: (x) => v(x, 'bookValidAcc') < 0.3,
    },
    {
      says: 'the corrected loss gets much further in the same epochs',
      holds: (x) => v(x, 'softmaxValidAcc') > v(x, 'bookValidAcc') + 0.15,
    },
  ],
  'convolutional-networks': [
    { says: "11,305 parameters, a fifteenth of the MLP's 170,309", holds: (x) => v(x, 'parameters') === 11_305 },
    { says: 'three epochs reach well above chance (20%)', holds: (x) => v(x, 'validAcc') > 0.6 },
  ],
  'guide-nn': [
    { says: '1296 -> 64 -> 5 has 83,333 parameters', holds: (x) => v(x, 'parameters') === 1296 * 64 + 64 + 64 * 5 + 5 },
    { says: 'it learns well above chance (20%)', holds: (x) => v(x, 'validAcc') > 0.55 },
  ],
};

/** The claims of `example` that do not hold on `values`. */
export function failedClaims(example: string, values: Values): string[] {
  return (CLAIMS[example] ?? []).filter((claim) => !claim.holds(values)).map((claim) => claim.says);
}
