export { checkpointArrays, loadCheckpoint, restoreCheckpoint, saveCheckpoint } from './checkpoint.js';
export { constant, type Initializer, truncatedNormal, zeros } from './initializers.js';
export { ReLU, Sigmoid, Softmax } from './layers/activations.js';
export { Conv2D, type Conv2DOptions } from './layers/conv2d.js';
export { Dense, type DenseOptions } from './layers/dense.js';
export { Dropout } from './layers/dropout.js';
export { Flatten } from './layers/flatten.js';
export type { ForwardOptions, Layer } from './layers/layer.js';
export { MaxPool2D, type MaxPool2DOptions } from './layers/max-pool2d.js';
export { Reshape } from './layers/reshape.js';
export { Sequential, type SequentialOptions } from './layers/sequential.js';
export { bookCrossEntropy, type LossFunction, type LossName, lossFunction, softmaxCrossEntropy } from './losses.js';
export { accuracy, confusionMatrix, countCorrect, predictClasses } from './metrics.js';
export {
  BOOK_MODELS,
  BOOK_RECIPES,
  type BookModelName,
  type BookModelOptions,
  bookModel,
  type Recipe,
} from './models.js';
export { Adam, type AdamOptions } from './optimizers/adam.js';
export { Momentum } from './optimizers/momentum.js';
export { type NamedParameters, Optimizer, type OptimizerState } from './optimizers/optimizer.js';
export { SGD } from './optimizers/sgd.js';
export {
  constantRate,
  cosineDecay,
  type LearningRateSchedule,
  learningRateSchedule,
  type ScheduleName,
} from './schedules.js';
export { oneThread, type StepCount, type Steps, type TrainingRun, type TrainingStrategy } from './strategy.js';
export {
  type GradientOptions,
  type Gradients,
  gradients,
  type StepResult,
  type TrainStepOptions,
  trainStep,
} from './train-step.js';
export {
  type EvalRecord,
  type FitData,
  type FitOptions,
  type FitResult,
  fit,
  type History,
  type LabeledData,
  TrainingDivergedError,
} from './trainer.js';
export type { TrainingSet } from './training-set.js';
