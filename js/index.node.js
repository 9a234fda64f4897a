// Node entry: compiles the .wasm file's bytes (Node allows it; workerd does not).
import { readFile } from 'node:fs/promises';
import { provideWasmModule } from './loader.js';

provideWasmModule(async () => WebAssembly.compile(await readFile(new URL('../dist/edge_session.wasm', import.meta.url))));

export * from './api.js';
// Node only: it uses node:fs.
export { createFileSessionStorage } from './file-storage.js';
