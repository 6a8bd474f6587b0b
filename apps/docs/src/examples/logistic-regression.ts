import { bookModel, SGD } from '@typeflow/nn';
import { getBackend } from '@typeflow/tensor';
import { accuracyCurves, imageGrid } from '@typeflow/viz';
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
 * Logistic (softmax) regression of the glyphs to their fonts, as in chapter 1: y = softmax(x W + b),
 * W [1296, 5] and b [5] from zeros, full-batch gradient descent, accuracy every 10 epochs.
 * The book trains 1000 epochs at rate 0.02 with its own loss; here the loss is cross-entropy on the
 * logits and the rate 0.5, so 300 epochs (a few seconds) get further than the book's whole run.
 */
export default async function logisticRegression(context: ExampleContext): Promise<ExampleResult> {
  const { epochs = 300, fit, plotWidth } = context;
  const fonts = await context.dataset();
  // #region train
  const data = bookData(fonts); // 2511 training, 279 validation images
  const model = bookModel('logistic');
  const optimizer = new SGD(0.5);
  try {
    const {
      history,
      epochs: trained,
      seconds,
    } = await fit(model, data, {
      epochs,
      optimizer,
      loss: 'softmax',
      evalEvery: 10,
    });
    // #endregion train
    const trainAcc = history.trainAcc.at(-1) as number;
    const validAcc = history.validAcc.at(-1) as number;

    // Each font's column of W as a 36x36 picture: red pixels vote for the font, blue against it.
    const W = model.namedParameters().get('W');
    const weights = W?.value.dataSync() as Float32Array;
    const weightMaps = imageGrid(weightColumns(weights, 1296, 5), {
      maxWidth: plotWidth,
      width: 36,
      height: 36,
      flipY: true, // the dataset stores the bottom row first
      colormap: 'diverging',
      labels: fonts.classNames,
      title: 'Weights per font (W)',
      colorbarLabel: 'weight',
    });
    return {
      metrics: [
        metric('trainAcc', 'training accuracy', trainAcc, percent(trainAcc)),
        metric('validAcc', 'validation accuracy', validAcc, percent(validAcc)),
        metric('epochs', 'epochs trained', trained),
        parameterMetric(model),
        metric('msPerEpoch', 'ms per epoch', (seconds * 1000) / trained, ((seconds * 1000) / trained).toFixed(1)),
        metric('backend', 'backend', 0, getBackend()),
      ],
      plots: [
        // #region plot
        {
          id: 'accuracy',
          caption: 'Training (dots) and validation (crosses) accuracy every 10 epochs',
          svg: accuracyCurves({
            width: plotWidth,
            epochs: history.epoch,
            train: history.trainAcc,
            valid: history.validAcc,
            title: 'Logistic regression',
          }),
        },
        // #endregion plot
        { id: 'weights', caption: 'What each font looks for: its column of W', svg: weightMaps },
      ],
      lines: [`after ${trained} epochs: train ${percent(trainAcc)}, validation ${percent(validAcc)}`],
    };
  } finally {
    model.dispose();
    optimizer.dispose();
    data.dispose();
  }
}
