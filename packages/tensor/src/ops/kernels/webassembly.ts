// The parts of WebAssembly's JavaScript API the hand-written kernels use: TypeScript describes it only
// in its DOM library, which the packages do not load.
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
export type WasmModule = object;
declare const WebAssembly: {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { readonly exports: unknown };
};

const compiled = new Map<string, WasmModule | null>();

/** The module embedded as base64 (compiled once), or null where the platform lacks WebAssembly SIMD. */
export function compileKernels(base64: string): WasmModule | null {
  if (!compiled.has(base64)) {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    compiled.set(base64, WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null);
  }
  return compiled.get(base64) ?? null;
}

/** A new instance of `module` and its exports. */
export function instantiate<Exports>(module: WasmModule, imports: object = {}): Exports {
  return new WebAssembly.Instance(module, imports).exports as Exports;
}
