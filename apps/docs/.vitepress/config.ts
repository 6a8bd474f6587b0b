import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type DefaultTheme, defineConfig } from 'vitepress';

// Written by TypeDoc (`pnpm --filter docs api`) beside the API pages; absent until it has run once.
const apiSidebarFile = fileURLToPath(new URL('../pages/api/typedoc-sidebar.json', import.meta.url));
const apiSidebar: DefaultTheme.SidebarItem[] = existsSync(apiSidebarFile)
  ? JSON.parse(readFileSync(apiSidebarFile, 'utf8'))
  : [];

const guide: DefaultTheme.SidebarItem[] = [
  {
    text: 'Guide',
    items: [
      { text: 'Getting started', link: '/guide/getting-started' },
      { text: 'How fit works', link: '/guide/how-fit-works' },
      { text: 'The command line', link: '/guide/cli' },
      { text: 'Train on your own fonts', link: '/guide/your-fonts' },
      { text: 'Use your model elsewhere', link: '/guide/elsewhere' },
      { text: 'Performance', link: '/guide/performance' },
      { text: 'How the examples run', link: '/guide/examples' },
      { text: 'Glossary', link: '/guide/glossary' },
    ],
  },
  {
    text: 'Packages',
    items: [
      { text: 'tensor', link: '/guide/tensor' },
      { text: 'autograd', link: '/guide/autograd' },
      { text: 'nn', link: '/guide/nn' },
      { text: 'data', link: '/guide/data' },
      { text: 'viz', link: '/guide/viz' },
    ],
  },
];

const book: DefaultTheme.SidebarItem[] = [
  {
    text: 'The book, chapters 1-3',
    items: [
      { text: 'Overview', link: '/book/' },
      { text: 'Simple computations', link: '/book/simple-computations' },
      { text: 'Logistic regression', link: '/book/logistic-regression' },
      { text: 'Training and evaluating', link: '/book/training-and-evaluating' },
      { text: 'Basic neural networks', link: '/book/basic-networks' },
      { text: 'A single hidden layer', link: '/book/hidden-layer' },
      { text: 'Multiple hidden layers', link: '/book/multiple-layers' },
      { text: 'Softmax twice', link: '/book/softmax-twice' },
      { text: 'Convolutional networks', link: '/book/convolutional-networks' },
    ],
  },
];

export default defineConfig({
  title: 'typeflow',
  description:
    'A TypeScript deep-learning toolkit, and the font classifiers of Hands-On Deep Learning with TensorFlow.',
  srcDir: 'pages',
  cleanUrls: false,
  lastUpdated: false,
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: '/logo.svg' }]],
  themeConfig: {
    logo: '/logo.svg',
    nav: [
      { text: 'Guide', link: '/guide/getting-started', activeMatch: '/guide/' },
      { text: 'The book', link: '/book/', activeMatch: '/book/' },
      { text: 'API', link: '/api/', activeMatch: '/api/' },
    ],
    sidebar: {
      '/guide/': guide,
      '/book/': book,
      '/api/': [{ text: 'API reference', link: '/api/' }, ...apiSidebar],
    },
    search: { provider: 'local' },
    outline: { level: [2, 3] },
    footer: { message: 'MIT licensed. Fonts of the built-in dataset: SIL Open Font License 1.1.' },
  },
  vite: {
    // The workspace packages are used from their TypeScript sources (the `source` export condition), so
    // the site builds from a fresh clone with no package built. In the browser, @typeflow/data resolves
    // to its `browser` entry (no file system, no native renderer).
    resolve: { conditions: ['source'] },
    ssr: { resolve: { conditions: ['source'] } },
    // The dev server finds the examples' dependencies (tfjs, d3, fflate) when it starts, instead of on the
    // first Run, which would reload the page. Globs are relative to the Vite root, `pages`.
    optimizeDeps: { entries: ['../src/examples/*.ts', '!../src/examples/*.test.ts', '../src/runtime.ts'] },
    build: { chunkSizeWarningLimit: 2048 }, // tfjs-core and its kernels are one chunk of about 1.5 MB
    // The examples run in a module worker (src/examples/worker.ts) that loads each example as a chunk.
    worker: { format: 'es' },
  },
});
