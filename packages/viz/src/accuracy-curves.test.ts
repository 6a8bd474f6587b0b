import { describe, expect, it } from 'vitest';
import { elements, expectWellFormedSvg } from '../test/well-formed.js';
import { accuracyCurves } from './accuracy-curves.js';
import { VizError } from './errors.js';

const train = [0.2, 0.35, 0.5, 0.61, 0.7];
const valid = [0.18, 0.3, 0.44, 0.52, 0.58];

/** How many markers a path holds: dots are 'M..a..a..', crosses 'M..L..M..L..'. */
function markerCount(d: string | undefined, perMarker: number): number {
  return ((d ?? '').match(/M/g) ?? []).length / perMarker;
}

describe('accuracyCurves', () => {
  it('draws training as blue dots and validation as red crosses, one marker per entry', () => {
    const root = expectWellFormedSvg(accuracyCurves({ train, valid, evalEvery: 10 }));
    const paths = elements(root, 'path');
    const dots = paths.find((p) => p.class === 'train');
    const crosses = paths.find((p) => p.class === 'valid');
    expect(dots?.fill).toBe('blue');
    expect(crosses?.stroke).toBe('red');
    expect(markerCount(dots?.d, 1)).toBe(5);
    expect(markerCount(crosses?.d, 2)).toBe(5);
  });

  it('puts epoch i * evalEvery on x with nice ticks, accuracy 0..1 on y, labels, legend and title', () => {
    const root = expectWellFormedSvg(accuracyCurves({ train, valid, evalEvery: 10 }));
    const texts = elements(root, 'text').map((t) => t['#text']);
    expect(texts).toEqual(expect.arrayContaining(['0', '10', '20', '30', '40', '0.0', '0.2', '1.0']));
    expect(texts).toEqual(expect.arrayContaining(['epoch', 'accuracy', 'training', 'validation', 'Accuracy']));
    expect(elements(root, 'title')[0]?.['#text']).toBe('Accuracy');
  });

  it('uses the given epochs instead of evalEvery', () => {
    const svg = accuracyCurves({ epochs: [0, 500, 1000, 2500, 5000], train });
    const texts = elements(expectWellFormedSvg(svg), 'text').map((t) => t['#text']);
    expect(texts).toContain('5,000');
    expect(svg).not.toContain('class="valid"');
  });

  it('leaves a NaN entry out (a gap) and still draws the rest', () => {
    const root = expectWellFormedSvg(
      accuracyCurves({ train: [0.1, Number.NaN, 0.3], valid: [Number.NaN, Number.NaN, Number.NaN] }),
    );
    const paths = elements(root, 'path');
    expect(markerCount(paths.find((p) => p.class === 'train')?.d, 1)).toBe(2);
    expect(paths.find((p) => p.class === 'valid')).toBeUndefined();
  });

  it('draws a single evaluation on a widened axis', () => {
    expectWellFormedSvg(accuracyCurves({ train: [0.5] }));
  });

  it.each([
    [{ train: [] }, /argument 'train' expected a non-empty array of numbers, got an empty array/],
    [
      { train: [0.5, 42] },
      /argument 'train' expected accuracies as fractions in \[0, 1\] \(NaN for a gap\), got 42 at index 1/,
    ],
    [{ train: [0.5, 0.6], valid: [0.4] }, /argument 'valid' expected 2 entries \(one per training entry\), got 1/],
    [{ train: [0.5], epochs: [1, 2] }, /argument 'epochs' expected 1 epochs/],
    [{ train: [0.5], epochs: [Number.NaN] }, /argument 'epochs' expected finite epoch numbers, got NaN at index 0/],
    [{ train: [0.5], evalEvery: 0 }, /argument 'evalEvery' expected a positive number, got 0/],
    [{ train: [0.5], width: 10 }, /argument 'width' expected a number of at least 240, got 10/],
    [{ train: 'abc' }, /argument 'train' expected an array of numbers, got the string "abc"/],
  ])('refuses bad input with a VizError naming the argument (%#)', (options, message) => {
    expect(() => accuracyCurves(options as never)).toThrow(VizError);
    expect(() => accuracyCurves(options as never)).toThrow(message);
  });

  it('carries the argument, expected and actual values in details', () => {
    try {
      accuracyCurves({ train: [2] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(VizError);
      expect((e as VizError).name).toBe('VizError');
      expect((e as VizError).message).toMatch(/^accuracyCurves: /);
      expect((e as VizError).details).toEqual({
        argument: 'train',
        expected: 'accuracies as fractions in [0, 1] (NaN for a gap)',
        actual: '2 at index 0',
      });
    }
  });

  it('is deterministic and matches its snapshot', async () => {
    const svg = accuracyCurves({ train, valid, evalEvery: 10, title: 'Snapshot' });
    expect(accuracyCurves({ train, valid, evalEvery: 10, title: 'Snapshot' })).toBe(svg);
    await expect(svg).toMatchFileSnapshot('__snapshots__/accuracy-curves.svg');
  });
});
