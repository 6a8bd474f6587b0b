/**
 * Registers tfjs-core's own gradients, which `tf.variableGrads` needs. tfjs-core ships them only as
 * ES modules with extensionless relative imports ('./gradients/Abs_grad'): vitest's resolver accepts
 * those (the tests import the same file), Node's refuses them. This resolve hook retries such an
 * import inside tfjs-core with '.js'. The registries and the engine live on globalThis, so these
 * gradients serve the tfjs-core build that @typeflow/tensor loaded.
 */
import { register } from 'node:module';

const hook = `
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    const inTfjsCore = context.parentURL?.includes('/@tensorflow/tfjs-core/dist/');
    if (!specifier.startsWith('.') || !inTfjsCore) throw error;
    return next(specifier + '.js', context);
  }
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
