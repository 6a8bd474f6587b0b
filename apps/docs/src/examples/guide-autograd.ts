import * as A from '@typeflow/autograd';
import { dispose, mul, randomUniform, scope, sub, type Tensor, tensor, zeros } from '@typeflow/tensor';
import { linePlot } from '@typeflow/viz';
import { type ExampleContext, type ExampleResult, metric } from './example.js';

/** Gradients of functions of tensors, then Variables fitted by hand-written gradient descent. */
export default async function autogradGuide({ plotWidth }: ExampleContext): Promise<ExampleResult> {
  const lines: string[] = [];
  const print = (line: string) => lines.push(line);

  // #region grad
  // f(x) = sum(x^2 * 3): its gradient is 6x. Use the A.* ops inside functions you differentiate.
  const f = (x: Tensor) => A.sum(A.mul(A.square(x), 3));
  const x = tensor([1, -2, 0.5]);
  const [dx] = A.grad(f)(x);
  print(`grad of sum(3 x^2) at [1, -2, 0.5] = [${dx?.dataSync()}]`);
  const { value, grads } = A.valueAndGrad(f)(x);
  print(`value ${value.item()}, gradient [${grads[0]?.dataSync()}]`);
  dispose([x, dx, value, grads]);
  // #endregion grad

  // #region variables
  // Fit y = 3x + 2 from 64 points: w and b are Variables, variableGrads differentiates the loss.
  const xs = randomUniform([64, 1], { seed: 7, min: -1, max: 1 });
  const ys = scope(() => A.add(A.mul(xs, 3), 2)); // outside a gradient, A.* ops just compute
  const w = new A.Variable(zeros([1, 1]), { name: 'w' });
  const b = new A.Variable(zeros([1]), { name: 'b' });
  const losses: number[] = [];
  for (let step = 0; step < 200; step++) {
    const loss = () => A.mean(A.square(A.sub(A.add(A.matmul(xs, w.value), b.value), ys)));
    const { value: l, grads } = A.variableGrads(loss, [w, b]);
    const [gw, gb] = grads as [Tensor, Tensor];
    losses.push(l.item());
    w.assign(scope(() => sub(w.value, mul(gw, 0.5)))); // plain gradient descent, rate 0.5
    b.assign(scope(() => sub(b.value, mul(gb, 0.5))));
    dispose([l, gw, gb]);
  }
  const [wFit, bFit] = [w.value.item(), b.value.item()];
  print(`after 200 steps: w = ${wFit.toFixed(4)}, b = ${bFit.toFixed(4)} (true: 3, 2)`);
  dispose([xs, ys]);
  w.dispose();
  b.dispose();
  // #endregion variables

  return {
    metrics: [metric('w', 'fitted w', wFit, wFit.toFixed(4)), metric('b', 'fitted b', bFit, bFit.toFixed(4))],
    plots: [
      {
        id: 'loss',
        caption: 'Mean squared error after each step',
        svg: linePlot([{ name: 'loss', x: losses.map((_, i) => i), y: losses }], {
          width: plotWidth,
          title: 'Fitting y = 3x + 2',
          xLabel: 'step',
          yLabel: 'mean squared error',
        }),
      },
    ],
    lines,
  };
}
