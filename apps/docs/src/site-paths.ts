/** Where the site serves its generated static files, relative to its base URL (see scripts/assets.ts). */
export const DATASET_FILE = 'data/fonts.npz';
export const WASM_DIR = 'wasm/';
/** The home page's picture: six characters in each font of the built-in dataset. */
export const HERO_FILE = 'fonts.svg';
/** The "Train on your own fonts" page's montage: three fonts from the dependencies, rendered at build time. */
export const YOUR_FONTS_FILE = 'your-fonts.svg';
