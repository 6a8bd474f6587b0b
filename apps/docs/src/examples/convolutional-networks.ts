import { Adam, bookModel, cosineDecay } from '@typeflow/nn';
import { scope, slice } from '@typeflow/tensor';
import { accuracyCurves, imageGrid } from '@typeflow/viz';
import { bookData, type ExampleContext, type ExampleResult, metric, parameterMetric, percent } from './example.js';

/**
 * Chapter 3's second CNN (cnn2): 3x3 convolutions with 16 and then 4 filters, each followed by ReLU
 * and 2x2 max-pooling, a dense layer of 32 ReLU units, dropout 0.5. Trained with the CLI's fast recipe
 * (Adam 0.005, cosine decay, batches of 64) for a few epochs, without the CLI's shifted copies, so it
 * runs in seconds. Then the 16 first-layer filters, and what they make of one validation glyph.
 */
export default async function convolutionalNetworks(context: ExampleContext): Promise<ExampleResult> {
  const { epochs = 3, fit, plotWidth } = context;
  const fonts = await context.dataset();
  // #region train
  const data = bookData(fonts);
  const model = bookModel('cnn2', { seed: 0 });
  const optimizer = new Adam(0.005);
  const schedule = cosineDecay(0.005, epochs);
  try {
    const { history } = await fit(model, data, {
      epochs,
      optimizer,
      loss: 'softmax',
      batchSize: 64,
      evalEvery: 1,
      onEpoch: (epoch) => optimizer.setLearningRate(schedule(epoch + 1)),
    });
    // #endregion train
    const trainAcc = history.trainAcc.at(-1) as number;
    const validAcc = history.validAcc.at(-1) as number;
    // W1 [3, 3, 1, 16]: filter f's 9 weights are every 16th value from f.
    const W1 = model.namedParameters().get('W1')?.value.dataSync() as Float32Array;
    const filters = Array.from({ length: 16 }, (_, f) =>
      Float32Array.from({ length: 9 }, (_, p) => W1[p * 16 + f] as number),
    );
    // The first three layers (reshape, convolution, ReLU) on the first validation glyph: [1, 36, 36, 16].
    const maps = scope(() => {
      const glyph = slice(data.valid.x, [0, 0], [1, 36 * 36]);
      return model.layers
        .slice(0, 3)
        .reduce((h, layer) => layer.forward(h), glyph)
        .dataSync() as Float32Array;
    });
    const featureMaps = Array.from({ length: 16 }, (_, f) =>
      Float32Array.from({ length: 36 * 36 }, (_, p) => maps[p * 16 + f] as number),
    );
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
            title: 'cnn2',
          }),
        },
        // #endregion plot
        {
          id: 'filters',
          caption: 'The 16 first-layer filters (3 x 3 weights each)',
          svg: imageGrid(filters, {
            maxWidth: plotWidth,
            width: 3,
            height: 3,
            flipY: true, // the dataset stores the bottom row first
            colormap: 'diverging',
            labels: filters.map((_, f) => String(f)),
            title: 'First-layer filters (W1)',
            colorbarLabel: 'weight',
          }),
        },
        {
          id: 'feature-maps',
          caption: `What each filter responds to in a validation glyph (${fonts.classNames[data.valid.labels[0] as number]}), after ReLU`,
          svg: imageGrid(featureMaps, {
            maxWidth: plotWidth,
            width: 36,
            height: 36,
            flipY: true,
            labels: featureMaps.map((_, f) => String(f)),
            title: 'First-layer feature maps (each on its own scale)',
            // Some filters respond a tenth as strongly as others: one scale would hide their edges.
            sharedScale: false,
            colorbar: false,
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
