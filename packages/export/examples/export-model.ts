import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportOnnx, exportTfjs } from '@typeflow/export';
import type { Sequential } from '@typeflow/nn';

/** Writes `model` as `fonts.onnx` and as a TensorFlow.js folder `fonts-tfjs/` inside `folder`. */
export async function exportModel(model: Sequential, classNames: string[], folder: string): Promise<void> {
  await writeFile(join(folder, 'fonts.onnx'), exportOnnx(model, { classNames }));

  const files = exportTfjs(model, { classNames }); // { 'model.json': ..., 'weights.bin': ... }
  await mkdir(join(folder, 'fonts-tfjs'), { recursive: true });
  for (const [name, content] of Object.entries(files)) await writeFile(join(folder, 'fonts-tfjs', name), content);
}
