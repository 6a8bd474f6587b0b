import { createRequire } from 'node:module';
import { DataError } from './errors.js';

/**
 * The packages that render the built-in dataset: optional peer dependencies, so that installing
 * @typeflow/data (or @typeflow/nn, which reads and writes npz files through it) brings no native
 * renderer and no font files. The CLI depends on them; a user who renders datasets installs them.
 */
export const RENDERER_PACKAGES = [
  '@napi-rs/canvas',
  'fontkit',
  '@fontsource/alfa-slab-one',
  '@fontsource/dancing-script',
  '@fontsource/eb-garamond',
  '@fontsource/jetbrains-mono',
  '@fontsource/oswald',
] as const;

const require = createRequire(import.meta.url);

function missing(fn: string, specifier: string): never {
  const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] ?? '');
  throw new DataError(
    `${fn}: needs the optional package '${name}', which is not installed; install the renderer with: npm install ${RENDERER_PACKAGES.join(' ')}`,
    { expected: `'${name}' installed`, actual: 'not found' },
  );
}

function isNotFound(error: unknown, specifier: string): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'MODULE_NOT_FOUND' && String((error as Error).message).includes(specifier.split('/files/')[0] ?? '');
}

/** `require(specifier)`, or a DataError naming the package to install when it is missing. */
export function requireOptional<T>(fn: string, specifier: string): T {
  try {
    return require(specifier) as T;
  } catch (error) {
    if (isNotFound(error, specifier)) missing(fn, specifier);
    throw error;
  }
}

/** `require.resolve(specifier)`, or a DataError naming the package to install when it is missing. */
export function resolveOptional(fn: string, specifier: string): string {
  try {
    return require.resolve(specifier);
  } catch (error) {
    if (isNotFound(error, specifier)) missing(fn, specifier);
    throw error;
  }
}
