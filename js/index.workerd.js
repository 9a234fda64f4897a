// Workers entry: wrangler imports the .wasm as a compiled WebAssembly.Module,
// the only way workerd runs WASM (workers-pitfalls 3.2).
import wasmModule from '../dist/edge_session.wasm';
import { EdgeSessionError } from './errors.js';
import { provideWasmModule } from './loader.js';

// Anything but a compiled module is a bundler's or a wrangler rule's doing (a `Data` or `Buffer` rule for .wasm
// files): workerd refuses to compile bytes, and V8's "Wasm code generation disallowed by embedder" names no cause.
// Regression (deployment-configurations pass).
provideWasmModule(() => {
  // Bytes or nothing only: a module of another realm (a test pool's) is no `instanceof` one, and still runs.
  const bytes = ArrayBuffer.isView(wasmModule) || Object.prototype.toString.call(wasmModule) === '[object ArrayBuffer]';
  if (!bytes && wasmModule !== null && typeof wasmModule === 'object') return wasmModule;
  const got = bytes ? (wasmModule.constructor?.name ?? 'bytes') : String(wasmModule);
  throw new EdgeSessionError(
    'WASM_NOT_FOUND',
    `edge-session: its .wasm was imported as ${got}, not as a compiled WebAssembly.Module, which workerd needs (it ` +
      'compiles no WebAssembly from bytes): give edge-session/dist/edge_session.wasm the CompiledWasm module type ' +
      '(wrangler\'s default for .wasm; a `rules` entry of type Data or Buffer matching it overrides that)',
  );
});

export * from './api.js';
// workerd only: it extends DurableObject from 'cloudflare:workers'.
export { createDurableObjectSessionStorage, SessionDurableObject } from './durable-object-storage.js';
