import { describeValue, refuse, ValueError } from '@typeflow/tensor';

/** A learning rate per epoch (1-based). */
export type LearningRateSchedule = (epoch: number) => number;

export type ScheduleName = 'constant' | 'cosine';

/** The same rate for every epoch (the book's runs). */
export function constantRate(rate: number): LearningRateSchedule {
  return () => rate;
}

/**
 * Cosine decay (Loshchilov & Hutter, 2017, https://arxiv.org/abs/1608.03983, without restarts): epoch 1
 * trains at `rate`, the rate then falls along half a cosine to `rate * floor` at the last epoch. Large
 * early steps explore; small late ones settle, so the final accuracy stops jumping between epochs.
 */
export function cosineDecay(
  rate: number,
  epochs: number,
  options: { readonly floor?: number } = {},
): LearningRateSchedule {
  const { floor = 0.01 } = options;
  if (!Number.isInteger(epochs) || epochs <= 0)
    refuse(ValueError, 'cosineDecay', 'epochs', 'a positive integer', describeValue(epochs));
  if (!(floor > 0 && floor <= 1))
    refuse(ValueError, 'cosineDecay', 'floor', 'a number in (0, 1]', describeValue(floor));
  return (epoch) => {
    const progress = epochs === 1 ? 1 : Math.min(Math.max(epoch - 1, 0), epochs - 1) / (epochs - 1);
    return rate * (floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * progress)));
  };
}

/** The schedule a recipe names. */
export function learningRateSchedule(name: ScheduleName, rate: number, epochs: number): LearningRateSchedule {
  if (name === 'constant') return constantRate(rate);
  if (name === 'cosine') return cosineDecay(rate, epochs);
  return refuse(ValueError, 'learningRateSchedule', 'name', "'constant' or 'cosine'", describeValue(name));
}
