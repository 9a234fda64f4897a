// Workers entry: wrangler imports the .wasm as a compiled WebAssembly.Module,
// the only way workerd runs WASM (workers-pitfalls 3.2).
import wasmModule from '../dist/edge_session.wasm';
import { provideWasmModule } from './loader.js';

provideWasmModule(() => wasmModule);

export * from './api.js';
// workerd only: it extends DurableObject from 'cloudflare:workers'.
export { createDurableObjectSessionStorage, SessionDurableObject } from './durable-object-storage.js';
