import { availableParallelism, freemem, totalmem } from 'node:os';
import type { Sequential } from '@typeflow/nn';
import type { Backend } from '@typeflow/tensor';
import { UsageError } from './errors.js';

const MB = 2 ** 20;
const GB = 2 ** 30;

// Measured with this code (peak resident memory of `train --model mlp --epochs 1`, --augment 0 and
// 40): a training pixel costs about 17 bytes on the wasm backend (the uint8 copies, the float32
// array, and the wasm heap, which grows in steps) and 9 on cpu; Node, tfjs and the rest about 200 MB;
// each worker thread (its own backend) about 75 MB.
const BYTES_PER_TRAINING_PIXEL: Readonly<Record<Backend, number>> = { wasm: 17, cpu: 9 };
const BASE_BYTES = 200 * MB;
const BYTES_PER_WORKER = 80 * MB;
// A float32 activation is held for the backward pass, its gradient made, and one temporary besides.
const BYTES_PER_ACTIVATION = 3 * 4;
// The wasm backend keeps every tensor in one WebAssembly memory of at most 4 GB (wasm32).
const WASM_HEAP_BYTES = 4 * GB;
// Warn when a run needs more than this share of the machine's memory, or more than is free now.
const WARN_SHARE = 0.8;

/** One part of a run's memory, with the flag that sets its size. */
export interface MemoryPart {
  readonly what: string;
  readonly flag: string;
  readonly bytes: number;
}

export interface RunShape {
  readonly backend: Backend;
  /** Training images, shifted copies included. */
  readonly trainImages: number;
  readonly pixels: number;
  /** The flag that makes the training set large: '--augment N' or '--data FILE'. */
  readonly imagesFlag: string;
  readonly batchRows: number;
  readonly batchFlag: string;
  readonly workers: number;
}

/** The memory a training run needs at its peak, part by part. */
export function trainingMemory(shape: RunShape, model: Sequential): MemoryPart[] {
  let activations = 0;
  let layerShape = model.inputShape;
  for (const layer of model.layers) {
    layerShape = layer.outputShape(layerShape);
    activations += layerShape.reduce((n, d) => n * d, 1);
  }
  return [
    { what: 'Node and tfjs', flag: '', bytes: BASE_BYTES },
    {
      what: 'the training images',
      flag: shape.imagesFlag,
      bytes: shape.trainImages * shape.pixels * BYTES_PER_TRAINING_PIXEL[shape.backend],
    },
    {
      what: 'the activations of a step',
      flag: shape.batchFlag,
      bytes: shape.batchRows * activations * BYTES_PER_ACTIVATION,
    },
    { what: 'the worker threads', flag: `--workers ${shape.workers}`, bytes: (shape.workers - 1) * BYTES_PER_WORKER },
  ];
}

export interface MachineMemory {
  /** What the process may use at most: the machine's memory, or a smaller cgroup limit. */
  readonly total: number;
  /** Free now (MemAvailable on Linux). */
  readonly available: number;
}

export function machineMemory(): MachineMemory {
  const limit = process.constrainedMemory?.() ?? 0; // 0 (or 2^64) when no limit is set
  const total = limit > 0 ? Math.min(limit, totalmem()) : totalmem();
  return { total, available: Math.min(freemem(), total) };
}

const gb = (bytes: number) => `${(bytes / GB).toFixed(1)} GB`;

/**
 * Refuses a run that cannot fit (more than the machine has, or tensors past the wasm heap), naming
 * the flag of its largest part; warns when it needs most of the machine or more than is free now.
 */
export function checkMemory(
  parts: readonly MemoryPart[],
  shape: RunShape,
  machine: MachineMemory,
  warn: (line: string) => void,
): void {
  const total = parts.reduce((n, p) => n + p.bytes, 0);
  const largest = parts.filter((p) => p.flag !== '').reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const needs = `needs about ${gb(total)} of memory (${gb(largest.bytes)} for ${largest.what})`;
  if (total > machine.total)
    throw new UsageError(
      `${largest.flag}: this run ${needs}, more than the ${gb(machine.total)} this machine has; lower it`,
    );
  const tensors = shape.trainImages * shape.pixels * 4;
  if (shape.backend === 'wasm' && tensors > WASM_HEAP_BYTES * WARN_SHARE)
    throw new UsageError(
      `${shape.imagesFlag}: the training images take ${gb(tensors)} as float32, more than the wasm backend's 4 GB of tensor memory can hold with the rest; lower it or use --backend cpu`,
    );
  if (total > machine.total * WARN_SHARE || total > machine.available)
    warn(
      `typeflow: warning: this run ${needs}; ${gb(machine.available)} of ${gb(machine.total)} is free, so it may fail or swap (lower ${largest.flag})`,
    );
}

/** Warns when more threads are asked for than there are cores: they would take turns, every step slower. */
export function checkWorkers(workers: number, warn: (line: string) => void, cores = availableParallelism()): void {
  if (workers > cores)
    warn(
      `typeflow: warning: --workers ${workers} is more than the ${cores} cores here; the threads take turns and each step gets slower, not faster`,
    );
}
