import * as A from '@typeflow/autograd';
import { Variable } from '@typeflow/autograd';
import { SGD } from '@typeflow/nn';
import { add, dispose, gather, matmul, scope, type Tensor, tensor, zeros } from '@typeflow/tensor';
import { imageGrid, linePlot } from '@typeflow/viz';
import { bookData, type ExampleContext, type ExampleResult, metric, percent } from './example.js';

/**
 * Chapter 2's building blocks: the square, log and sigmoid functions with their derivatives (from
 * autograd), and one sigmoid neuron, p = sigmoid(x w + b), trained to tell two fonts apart.
 */
export default async function basicNetworks(context: ExampleContext): Promise<ExampleResult> {
  const { epochs = 300, plotWidth } = context;

  // #region functions
  // The functions, and their derivatives: the gradient of sum(f(x)) is f'(x) at every x.
  const xs = Array.from({ length: 121 }, (_, i) => -3 + i * 0.05);
  const functions: [string, (x: Tensor) => Tensor][] = [
    ['square', A.square],
    ['log', A.log],
    ['sigmoid', A.sigmoid],
  ];
  const values = [];
  const slopes = [];
  for (const [name, f] of functions) {
    const x = tensor(xs);
    const y = f(x); // outside a gradient, the A.* ops just compute
    const [dy] = A.grad((v: Tensor) => A.sum(f(v)))(x);
    // log is undefined at x <= 0 and steep near it: NaN below 0.2 leaves a gap in the plot.
    const finite = (v: number, i: number) => (name === 'log' && (xs[i] as number) < 0.2 ? Number.NaN : v);
    values.push({ name, x: xs, y: Array.from(y.dataSync(), finite) });
    slopes.push({ name: `${name}'`, x: xs, y: Array.from(dy?.dataSync() ?? [], finite) });
    dispose([x, y, dy as Tensor]);
  }
  // #endregion functions

  // One neuron: does this glyph belong to font A (p > 0.5) or font B?
  const [fontA, fontB] = [1, 4];
  const fonts = await context.dataset();
  const data = bookData(fonts);
  const pick = (part: typeof data.train) => {
    const rows = Array.from(part.labels, (label, i) => (label === fontA || label === fontB ? i : -1)).filter(
      (i) => i >= 0,
    );
    return {
      x: gather(part.x, tensor(rows, [rows.length], 'int32')),
      y: tensor(
        rows.map((i) => (part.labels[i] === fontA ? 1 : 0)),
        [rows.length, 1],
      ),
    };
  };
  const train = pick(data.train);
  const valid = pick(data.valid);
  data.dispose();
  // #region neuron
  const w = new Variable(zeros([1296, 1]), { name: 'w' });
  const b = new Variable(zeros([1]), { name: 'b' });
  const optimizer = new SGD(0.1);
  // Cross-entropy of a yes/no answer: -mean(y log p + (1 - y) log(1 - p)); 1e-7 keeps log finite.
  const loss = (x: Tensor, y: Tensor) => {
    const p = A.sigmoid(A.add(A.matmul(x, w.value), b.value));
    const yes = A.mul(y, A.log(A.add(p, 1e-7)));
    const no = A.mul(A.sub(1, y), A.log(A.add(A.sub(1, p), 1e-7)));
    return A.neg(A.mean(A.add(yes, no)));
  };
  const losses: number[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const { value, grads } = A.variableGrads(() => loss(train.x, train.y), [w, b]);
    losses.push(value.item());
    optimizer.step([w, b], grads);
    dispose([value, ...grads]);
  }
  // #endregion neuron
  const accuracy = (part: { x: Tensor; y: Tensor }) => {
    const z = scope(() => add(matmul(part.x, w.value), b.value)); // p > 0.5 exactly when x w + b > 0
    const said = Array.from(z.dataSync(), (v) => (v > 0 ? 1 : 0));
    const truth = part.y.dataSync();
    z.dispose();
    return said.filter((answer, i) => answer === truth[i]).length / said.length;
  };
  const trainAcc = accuracy(train);
  const validAcc = accuracy(valid);
  const weights = w.value.dataSync() as Float32Array;
  dispose([train.x, train.y, valid.x, valid.y]);
  w.dispose();
  b.dispose();
  optimizer.dispose();

  const names = `${fonts.classNames[fontA]} vs ${fonts.classNames[fontB]}`;
  return {
    metrics: [
      metric('trainAcc', `neuron training accuracy (${names})`, trainAcc, percent(trainAcc)),
      metric('validAcc', `neuron validation accuracy (${names})`, validAcc, percent(validAcc)),
      metric('firstLoss', 'loss at the start (from zeros)', losses[0] as number, (losses[0] as number).toFixed(4)),
      metric('finalLoss', 'final loss', losses.at(-1) as number, (losses.at(-1) as number).toFixed(4)),
    ],
    plots: [
      {
        id: 'functions',
        caption: 'square, log and sigmoid',
        svg: linePlot(values, { width: plotWidth, title: 'Three functions', xLabel: 'x', yLabel: 'value' }),
      },
      {
        id: 'derivatives',
        caption: 'Their derivatives, computed by autograd (2x, 1/x, sigmoid(x)(1 - sigmoid(x)))',
        svg: linePlot(slopes, {
          width: plotWidth,
          title: 'Derivatives from autograd',
          xLabel: 'x',
          yLabel: 'derivative',
        }),
      },
      {
        id: 'loss',
        caption: 'The neuron learning: its loss per epoch',
        svg: linePlot([{ name: 'loss', x: losses.map((_, i) => i + 1), y: losses }], {
          width: plotWidth,
          title: `One neuron: ${names}`,
          xLabel: 'epoch',
          yLabel: 'cross-entropy',
        }),
      },
      {
        id: 'neuron',
        caption: `The neuron's weights: red pixels say ${fonts.classNames[fontA]}, blue say ${fonts.classNames[fontB]}`,
        svg: imageGrid([weights], {
          maxWidth: plotWidth,
          width: 36,
          height: 36,
          flipY: true,
          colormap: 'diverging',
          colorbarLabel: 'weight',
        }),
      },
    ],
    lines: [`one neuron, ${names}: train ${percent(trainAcc)}, validation ${percent(validAcc)}`],
  };
}
