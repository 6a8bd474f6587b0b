// Single-file components are compiled by Vite's Vue plugin; TypeScript only needs to know they are components.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';

  const component: DefineComponent;
  export default component;
}

// Stylesheets are bundled by Vite.
declare module '*.css';

// Vite's `import.meta.glob` (used by the examples' worker), without depending on vite's own types.
interface ImportMeta {
  glob<T>(patterns: string | string[]): Record<string, () => Promise<T>>;
}
