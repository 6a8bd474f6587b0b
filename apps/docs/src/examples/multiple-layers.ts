import { Adam, bookModel } from '@typeflow/nn';
import { accuracyCurves, heatmap } from '@typeflow/viz';
import { bookData, type ExampleContext, type ExampleResult, metric, parameterMetric, percent } from './example.js';

/**
 * Two hidden layers, as at the end of chapter 2: 1296 -> 128 sigmoid -> 32 sigmoid -> 5. The book
 * trains 25,000 full-batch epochs; here the CLI's fast recipe for 10 epochs. Then the output weights
 * W3 [32, 5]: how much each of the 32 second-layer units votes for each font.
 */
export default async function multipleLayers(context: ExampleContext): Promise<ExampleResult> {
  const { epochs = 10, fit, plotWidth } = context;
  const fonts = await context.dataset();
  // #region train
  const data = bookData(fonts);
  const model = bookModel('mlp', { seed: 0 });
  const optimizer = new Adam(0.001);
  try {
    const { history } = await fit(model, data, {
      epochs,
      optimizer,
      loss: 'softmax',
      batchSize: 32,
      evalEvery: 1,
    });
    // #endregion train
    const trainAcc = history.trainAcc.at(-1) as number;
    const validAcc = history.validAcc.at(-1) as number;
    const W3 = model.namedParameters().get('W3')?.value.dataSync() as Float32Array;
    const rows = Array.from({ length: 32 }, (_, unit) => Array.from(W3.subarray(unit * 5, unit * 5 + 5)));
    return {
      metrics: [
        metric('trainAcc', 'training accuracy', trainAcc, percent(trainAcc)),
        metric('validAcc', 'validation accuracy', validAcc, percent(validAcc)),
        parameterMetric(model),
      ],
      plots: [
        // #region plot
        {
          id: 'accuracy',
          caption: 'Training (dots) and validation (crosses) accuracy after each epoch',
          svg: accuracyCurves({
            width: plotWidth,
            epochs: history.epoch,
            train: history.trainAcc,
            valid: history.validAcc,
            title: 'Two hidden layers',
          }),
        },
        // #endregion plot
        {
          id: 'output-weights',
          caption: 'Output weights W3: one row per second-layer unit, one column per font',
          svg: heatmap(rows, {
            maxWidth: plotWidth,
            title: 'Output weights (W3)',
            rowLabels: rows.map((_, unit) => unit),
            colLabels: fonts.classNames,
            yLabel: 'hidden unit',
            xLabel: 'font',
            colormap: 'diverging',
            showValues: false,
            cellSize: 22,
            colorbarLabel: 'weight',
          }),
        },
      ],
      lines: [`after ${epochs} epochs: train ${percent(trainAcc)}, validation ${percent(validAcc)}`],
    };
  } finally {
    model.dispose();
    optimizer.dispose();
    data.dispose();
  }
}
