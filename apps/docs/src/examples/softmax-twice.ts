import * as A from '@typeflow/autograd';
import { bookCrossEntropy, bookModel, SGD, softmaxCrossEntropy } from '@typeflow/nn';
import { dispose, scope, type Tensor, tensor } from '@typeflow/tensor';
import { linePlot } from '@typeflow/viz';
import { bookData, type ExampleContext, type ExampleResult, metric, percent } from './example.js';

const BOOK = "book's loss (softmax twice)";
const CORRECTED = 'cross-entropy on logits';

/**
 * Why the book's loss applies softmax twice, and what that costs. The book's model ends in a softmax
 * and its loss, `softmax_cross_entropy_with_logits`, applies another one. Part 1 draws both losses for
 * one example as its true class's logit margin grows; part 2 trains the logistic model with each, at
 * the book's rate.
 */
export default async function softmaxTwice(context: ExampleContext): Promise<ExampleResult> {
  const { epochs = 300, fit, plotWidth } = context;

  // Part 1: one example, 5 classes, logits [m, 0, 0, 0, 0], the true class first.
  const label = tensor([[1, 0, 0, 0, 0]]);
  const margins = Array.from({ length: 81 }, (_, i) => -10 + i * 0.25);
  const curves = { softmax: [] as number[], book: [] as number[], dSoftmax: [] as number[], dBook: [] as number[] };
  for (const m of margins) {
    const logits = tensor([[m, 0, 0, 0, 0]]);
    for (const [name, loss] of [
      ['softmax', (z: Tensor) => softmaxCrossEntropy(z, label)],
      ['book', (z: Tensor) => bookCrossEntropy(A.softmax(z), label)],
    ] as const) {
      const { value, grads } = A.valueAndGrad(loss)(logits);
      curves[name].push(value.item());
      curves[name === 'book' ? 'dBook' : 'dSoftmax'].push(grads[0]?.dataSync()[0] as number);
      dispose([value, ...grads]);
    }
    logits.dispose();
  }
  label.dispose();

  // Part 2: the logistic model from zeros, rate 0.02 (the book's), with each loss.
  const fonts = await context.dataset();
  // #region train
  const data = bookData(fonts);
  const runs = [];
  let startRatio = Number.NaN;
  try {
    for (const [run, loss] of (['book', 'softmax'] as const).entries()) {
      const model = bookModel('logistic');
      if (run === 0) startRatio = startingGradientRatio(model.parameters(), data.train.x, data.train.labels);
      const optimizer = new SGD(0.02);
      const { history } = await fit(model, data, {
        epochs,
        optimizer,
        loss,
        evalEvery: 10,
      });
      runs.push({ loss, history });
      model.dispose();
      optimizer.dispose();
    }
    // #endregion train
  } finally {
    data.dispose();
  }
  const [book, corrected] = runs as [(typeof runs)[0], (typeof runs)[0]];
  const final = (h: typeof book.history) => h.validAcc.at(-1) as number;
  return {
    metrics: [
      metric('bookValidAcc', "validation accuracy, the book's loss", final(book.history), percent(final(book.history))),
      metric(
        'softmaxValidAcc',
        'validation accuracy, corrected loss',
        final(corrected.history),
        percent(final(corrected.history)),
      ),
      metric(
        'bookLossFloor',
        "the book's loss can never go below",
        Math.min(...curves.book),
        Math.min(...curves.book).toFixed(4),
      ),
      metric('startRatio', "gradient size at the start, book's / corrected", startRatio, startRatio.toFixed(3)),
    ],
    plots: [
      {
        id: 'loss-curves',
        caption: "Loss of one example against its margin: the book's loss flattens out above 0.9",
        svg: linePlot(
          [
            { name: CORRECTED, x: margins, y: curves.softmax },
            { name: BOOK, x: margins, y: curves.book },
          ],
          { width: plotWidth, title: 'Loss', xLabel: 'logit margin of the true class', yLabel: 'loss' },
        ),
      },
      {
        id: 'gradient-curves',
        caption: "Its gradient: the book's is smaller everywhere and dies out while its loss is still high",
        svg: linePlot(
          [
            { name: CORRECTED, x: margins, y: curves.dSoftmax },
            { name: BOOK, x: margins, y: curves.dBook },
          ],
          {
            width: plotWidth,
            title: 'Gradient',
            xLabel: 'logit margin of the true class',
            yLabel: 'd loss / d margin',
          },
        ),
      },
      // #region plot
      {
        id: 'accuracy',
        caption: `Validation accuracy of the logistic model at rate 0.02, ${epochs} epochs, with each loss`,
        svg: linePlot(
          runs.map(({ loss, history }) => ({
            name: loss === 'book' ? BOOK : CORRECTED, // the same name, so the same colour, in all three plots
            x: history.epoch,
            y: history.validAcc,
          })),
          {
            width: plotWidth,
            title: 'Same model, same rate, two losses',
            xLabel: 'epoch',
            yLabel: 'validation accuracy',
          },
        ),
      },
      // #endregion plot
    ],
    lines: [`book's loss: ${percent(final(book.history))} validation; corrected: ${percent(final(corrected.history))}`],
  };
}

/** |gradient| with the book's loss over |gradient| with the corrected one, at the model's start. */
function startingGradientRatio(parameters: A.Variable[], x: Tensor, labels: ArrayLike<number>): number {
  const norms = (['book', 'softmax'] as const).map((name) =>
    scope(() => {
      const oneHot = tensor(Array.from(labels, (label) => Array.from({ length: 5 }, (_, c) => (c === label ? 1 : 0))));
      const logits = () => A.add(A.matmul(x, (parameters[0] as A.Variable).value), (parameters[1] as A.Variable).value);
      const loss = () =>
        name === 'book' ? bookCrossEntropy(A.softmax(logits()), oneHot) : softmaxCrossEntropy(logits(), oneHot);
      const { value, grads } = A.variableGrads(loss, parameters);
      value.dispose();
      return Math.sqrt(grads.reduce((total, g) => total + Array.from(g.dataSync()).reduce((s, v) => s + v * v, 0), 0));
    }),
  );
  return (norms[0] as number) / (norms[1] as number);
}
