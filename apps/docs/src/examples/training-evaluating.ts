import { bookModel, confusionMatrix, predictClasses, type Sequential, SGD } from '@typeflow/nn';
import { heatmap, imageGrid, linePlot } from '@typeflow/viz';
import {
  bookData,
  type ExampleContext,
  type ExampleResult,
  fontMeans,
  metric,
  percent,
  weightColumns,
} from './example.js';

const RATES = [0.02, 0.1, 0.5]; // the book's rate, and two larger ones

/**
 * Training and evaluating the logistic model: the same 300 epochs at three learning rates, then the
 * last model evaluated on the validation images: confusion matrix, the glyphs it gets wrong, and its
 * weights beside the mean glyph of each font.
 */
export default async function trainingAndEvaluating(context: ExampleContext): Promise<ExampleResult> {
  const { epochs = 300, fit, plotWidth } = context;
  const fonts = await context.dataset();
  // #region train
  const data = bookData(fonts);
  const curves = [];
  let model: Sequential | undefined;
  try {
    for (const rate of RATES) {
      model?.dispose();
      model = bookModel('logistic');
      const optimizer = new SGD(rate);
      const { history } = await fit(model, data, {
        epochs,
        optimizer,
        loss: 'softmax',
        evalEvery: 10,
      });
      optimizer.dispose();
      curves.push({ name: `rate ${rate}`, x: history.epoch, y: history.validAcc });
    }
    // #endregion train
    const last = model as Sequential;

    // Evaluation of the last model (rate 0.5) on the 279 validation images.
    const predicted = predictClasses(last, data.valid.x);
    const confusion = confusionMatrix(predicted, data.valid.labels, fonts.classes);
    const correct = confusion.reduce((total, row, font) => total + (row[font] as number), 0);
    const validAcc = correct / data.valid.labels.length;

    const wrong = [...predicted.keys()].filter((i) => predicted[i] !== data.valid.labels[i]).slice(0, 10);
    const pixels = fonts.height * fonts.width;
    const wrongImages = wrong.map((i) => {
      const index = data.validIndices[i] as number;
      return fonts.images.subarray(index * pixels, (index + 1) * pixels);
    });
    const short = (c: number | undefined) => (fonts.classNames[c ?? 0] ?? String(c)).split(' ')[0]; // 'EB', 'Oswald', ...
    const W = last.namedParameters().get('W')?.value.dataSync() as Float32Array;

    return {
      metrics: [
        ...curves.map((c, i) =>
          metric(`validAcc${i}`, `validation accuracy, ${c.name}`, c.y.at(-1) as number, percent(c.y.at(-1) as number)),
        ),
        metric('validAcc', 'validation accuracy (rate 0.5, from the confusion matrix)', validAcc, percent(validAcc)),
      ],
      plots: [
        // #region plot
        {
          id: 'rates',
          caption: 'Validation accuracy for three learning rates',
          svg: linePlot(curves, {
            width: plotWidth,
            title: 'Learning rate',
            xLabel: 'epoch',
            yLabel: 'validation accuracy',
          }),
        },
        // #endregion plot
        {
          id: 'confusion',
          caption: 'Validation confusion matrix of the rate-0.5 model: rows are the true font',
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
          id: 'mistakes',
          caption: 'Validation glyphs it gets wrong: true font → predicted font',
          svg: imageGrid(wrongImages, {
            maxWidth: plotWidth,
            width: fonts.width,
            height: fonts.height,
            flipY: true,
            colormap: 'grayReversed',
            domain: [0, 255],
            colorbar: false,
            labels: wrong.map((i) => `${short(data.valid.labels[i])} → ${short(predicted[i])}`),
          }),
        },
        {
          id: 'means',
          caption: 'The mean glyph of each font',
          svg: imageGrid(fontMeans(fonts), {
            maxWidth: plotWidth,
            width: 36,
            height: 36,
            flipY: true,
            colormap: 'grayReversed',
            labels: fonts.classNames,
            colorbarLabel: 'mean ink',
          }),
        },
        {
          id: 'weights',
          caption: 'The weights of each font (W): compare with the mean glyphs',
          svg: imageGrid(weightColumns(W, 1296, 5), {
            maxWidth: plotWidth,
            width: 36,
            height: 36,
            flipY: true,
            colormap: 'diverging',
            labels: fonts.classNames,
            colorbarLabel: 'weight',
          }),
        },
      ],
      lines: [`${correct} of ${data.valid.labels.length} validation glyphs right`],
    };
  } finally {
    model?.dispose();
    data.dispose();
  }
}
