import { Adam, bookModel, confusionMatrix, predictClasses } from '@typeflow/nn';
import { accuracyCurves, heatmap, imageGrid } from '@typeflow/viz';
import {
  bookData,
  type ExampleContext,
  type ExampleResult,
  metric,
  parameterMetric,
  percent,
  weightColumns,
} from './example.js';

/**
 * The single hidden layer of chapter 2: 1296 -> 128 sigmoid -> 5, initialized as the book does.
 * The book trains 5000 full-batch epochs with its loss; here the CLI's fast recipe (cross-entropy on
 * the logits, Adam at 0.001, minibatches of 32) for 10 epochs gets further in a few seconds.
 */
export default async function hiddenLayer(context: ExampleContext): Promise<ExampleResult> {
  const { epochs = 10, fit, plotWidth } = context;
  const fonts = await context.dataset();
  // #region train
  const data = bookData(fonts);
  const model = bookModel('hidden', { seed: 0 });
  const optimizer = new Adam(0.001);
  try {
    const { history, epochs: trained } = await fit(model, data, {
      epochs,
      optimizer,
      loss: 'softmax',
      batchSize: 32,
      evalEvery: 1,
    });
    // #endregion train
    const trainAcc = history.trainAcc.at(-1) as number;
    const validAcc = history.validAcc.at(-1) as number;
    const confusion = confusionMatrix(predictClasses(model, data.valid.x), data.valid.labels, fonts.classes);

    // W1 [1296, 128]: each hidden unit's 1296 weights as a 36x36 picture; the first 32 units, 4 x 8.
    const W1 = model.namedParameters().get('W1')?.value.dataSync() as Float32Array;
    const units = weightColumns(W1, 1296, 128, 32);
    return {
      metrics: [
        metric('trainAcc', 'training accuracy', trainAcc, percent(trainAcc)),
        metric('validAcc', 'validation accuracy', validAcc, percent(validAcc)),
        metric('epochs', 'epochs trained', trained),
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
            title: 'One hidden layer',
          }),
        },
        // #endregion plot
        {
          id: 'confusion',
          caption: 'Validation confusion matrix: rows are the true font, columns the prediction',
          svg: heatmap(confusion, {
            maxWidth: plotWidth,
            rowLabels: fonts.classNames,
            colLabels: fonts.classNames,
            yLabel: 'true font',
            xLabel: 'predicted font',
            colorbarLabel: 'images',
          }),
        },
        {
          id: 'weights',
          caption: 'First-layer weights of 32 of the 128 hidden units',
          svg: imageGrid(units, {
            maxWidth: plotWidth,
            width: 36,
            height: 36,
            flipY: true,
            colormap: 'diverging',
            labels: units.map((_, u) => `unit ${u}`),
            colorbarLabel: 'weight',
          }),
        },
      ],
      lines: [`after ${trained} epochs: train ${percent(trainAcc)}, validation ${percent(validAcc)}`],
    };
  } finally {
    model.dispose();
    optimizer.dispose();
    data.dispose();
  }
}
