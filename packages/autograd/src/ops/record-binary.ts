import type { Operand, Tensor } from '@typeflow/tensor';
import { type GradientRule, record } from '../tape.js';

/** Records a binary op whose operands may be plain numbers (constants, which get no gradient). */
export function recordBinary(
  op: string,
  output: Tensor,
  a: Operand,
  b: Operand,
  ruleA: GradientRule,
  ruleB: GradientRule,
): Tensor {
  const inputs: Tensor[] = [];
  const rules: GradientRule[] = [];
  if (typeof a !== 'number') {
    inputs.push(a);
    rules.push(ruleA);
  }
  if (typeof b !== 'number') {
    inputs.push(b);
    rules.push(ruleB);
  }
  return record(op, output, inputs, rules);
}
