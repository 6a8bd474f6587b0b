import fc from 'fast-check';
import type { NpyNumericArray, NpyNumericDType, NpyUnicodeArray } from './npy.js';

const DTYPES: NpyNumericDType[] = ['uint8', 'bool', 'int32', 'float32', 'float64'];

/** Any numeric NpyArray of rank 0..4 with small dimensions (including zero-size ones). */
export const npyArray = (): fc.Arbitrary<NpyNumericArray> =>
  fc
    .tuple(fc.constantFrom(...DTYPES), fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 }))
    .chain(([dtype, shape]) => {
      const n = shape.reduce((a, b) => a * b, 1);
      const sized = { minLength: n, maxLength: n };
      const data: fc.Arbitrary<NpyNumericArray['data']> = {
        uint8: fc.uint8Array(sized),
        bool: fc.array(fc.boolean(), sized).map((b) => Uint8Array.from(b, Number)),
        int32: fc.int32Array(sized),
        float32: fc.float32Array(sized),
        float64: fc.float64Array(sized),
      }[dtype];
      return data.map((d) => ({ dtype, shape, data: d }));
    });

/** Any numpy str array of rank 0..3: strings of any code points but NUL (numpy strips trailing NULs). */
export const unicodeArray = (): fc.Arbitrary<NpyUnicodeArray> =>
  fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }).chain((shape) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const text = fc.string({ unit: 'binary', maxLength: 6 }).map((s) => s.replaceAll('\0', ''));
    return fc.array(text, { minLength: n, maxLength: n }).map((data) => ({ dtype: 'unicode' as const, shape, data }));
  });
