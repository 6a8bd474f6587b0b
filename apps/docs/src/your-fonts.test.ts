import { setBackend } from '@typeflow/tensor';
import { describe, expect, it } from 'vitest';
import { montage, renderThreeFonts, trainOnThreeFonts } from './your-fonts.js';

describe("the 'Train on your own fonts' example", () => {
  it('renders three fonts from the dependencies, named, and a logistic regression tells them apart', async () => {
    await setBackend('wasm');
    const { fonts, characters } = renderThreeFonts();
    expect(fonts.classNames).toEqual(['EB Garamond Italic', 'Oswald Light', 'JetBrains Mono Bold']);
    expect(fonts.count).toBe(3 * characters.length * 9);
    const { history } = await trainOnThreeFonts(fonts);
    expect(history.validAcc.at(-1)).toBeGreaterThan(0.6); // chance: 1/3
    const svg = montage(fonts, characters);
    for (const name of fonts.classNames) expect(svg).toContain(`>${name}</text>`);
  });
});
