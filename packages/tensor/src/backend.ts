import { version_cpu } from '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths as setTfjsWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { BackendError } from './errors.js';
import type { Backend } from './types.js';
import { describeValue } from './validate.js';

/**
 * @internal Importing the cpu backend registers it. A used named binding, not `import '...'`: a bare
 * import would stay in backend.d.ts and pull tfjs-core's declarations into every consumer's type check.
 */
export const CPU_BACKEND_VERSION: string = version_cpu;

// Production mode silences tfjs's console advice (e.g. "install tfjs-node") on first use.
tf.env().set('PROD', true);

const BACKENDS: readonly Backend[] = ['cpu', 'wasm'];
let initialized = false;

/**
 * Makes `name` the backend every op runs on. Resolves once it is ready; rejects with a
 * BackendError for an unknown name or a backend that fails to load.
 */
export async function setBackend(name: Backend): Promise<void> {
  if (!BACKENDS.includes(name)) {
    throw new BackendError(`setBackend: argument 'name' expected 'cpu' or 'wasm', got ${describeValue(name)}`, {
      op: 'setBackend',
      argument: 'name',
      expected: "'cpu' or 'wasm'",
      actual: describeValue(name),
    });
  }
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
  } catch (cause) {
    throw new BackendError(`setBackend: the '${name}' backend failed to load: ${String(cause)}`, { op: 'setBackend' });
  }
  if (!ok) throw new BackendError(`setBackend: the '${name}' backend failed to initialize`, { op: 'setBackend' });
  initialized = true;
}

/** The backend ops run on now. */
export function getBackend(): Backend {
  requireBackend('getBackend');
  return tf.getBackend() as Backend;
}

/**
 * Readies the default backend, wasm where it loads and cpu otherwise, unless `setBackend`
 * already chose one. Call it (or `setBackend`) once before creating tensors.
 */
export async function ready(): Promise<Backend> {
  if (!initialized) {
    try {
      await setBackend('wasm');
    } catch {
      await setBackend('cpu');
    }
  }
  return tf.getBackend() as Backend;
}

/**
 * Where the browser finds the wasm backend's `.wasm` files (a folder URL ending in `/`).
 * Node finds them in node_modules by itself. Call before `ready()`.
 */
export function setWasmPaths(prefix: string): void {
  setTfjsWasmPaths(prefix);
}

/** @internal Creation ops call this, so no tensor exists before a backend is ready. */
export function requireBackend(op: string): void {
  if (!initialized) {
    throw new BackendError(
      `${op}: no backend is ready; call 'await ready()' (wasm by default) or 'await setBackend('cpu' | 'wasm')' first`,
      { op },
    );
  }
}
