import { Adam, confusionMatrix, Dense, predictClasses, ReLU, Sequential, truncatedNormal, zeros } from '@typeflow/nn';
import { accuracyCurves, heatmap } from '@typeflow/viz';
import { bookData, type ExampleContext, type ExampleResult, metric, parameterMetric, percent } from './example.js';

/** A model of your own: 1296 -> 64 ReLU -> 5, trained with Adam on minibatches, then evaluated. */
export default async function nnGuide(context: ExampleContext): Promise<ExampleResult> {
  const { epochs = 8, fit, plotWidth } = context;
  const fonts = await context.dataset();
  const data = bookData(fonts); // { train: { x, labels }, valid: { x, labels } }

  // #region model
  const model = new Sequential(
    [
      new Dense(1296, 64, { weights: truncatedNormal({ stddev: 0.05, seed: 1 }), bias: zeros() }),
      new ReLU(),
      new Dense(64, 5, { weights: truncatedNormal({ stddev: 0.05, seed: 2 }), bias: zeros() }),
    ],
    { inputShape: [1296] }, // the layers are checked to chain when the model is built
  );
  const optimizer = new Adam(0.001);
  const { history } = await fit(model, data, {
    epochs,
    optimizer,
    batchSize: 32,
    loss: 'softmax', // cross-entropy on the logits the model outputs
    evalEvery: 1,
  });
  const predicted = predictClasses(model, data.valid.x);
  const confusion = confusionMatrix(predicted, data.valid.labels, 5); // rows: true font
  // #endregion model

  const names = [...model.namedParameters().keys()];
  const parameters = parameterMetric(model);
  const validAcc = history.validAcc.at(-1) as number;
  model.dispose();
  optimizer.dispose();
  data.dispose();
  return {
    metrics: [
      metric('validAcc', 'validation accuracy', validAcc, percent(validAcc)),
      parameters,
      metric('parameterNames', 'parameter tensors', names.length, names.join(', ')),
    ],
    plots: [
      {
        id: 'accuracy',
        caption: 'Accuracy after each epoch',
        svg: accuracyCurves({
          width: plotWidth,
          epochs: history.epoch,
          train: history.trainAcc,
          valid: history.validAcc,
        }),
      },
      {
        id: 'confusion',
        caption: 'Validation confusion matrix',
        svg: heatmap(confusion, {
          maxWidth: plotWidth,
          rowLabels: fonts.classNames,
          colLabels: fonts.classNames,
          yLabel: 'true font',
          xLabel: 'predicted font',
          colorbarLabel: 'images',
        }),
      },
    ],
    lines: [
      `1296 -> 64 ReLU -> 5: ${parameters.text} parameters in ${names.join(', ')}; ${percent(validAcc)} validation`,
    ],
  };
}
