// Node entry: compiles the .wasm file's bytes (Node allows it; workerd does not).
import { AsyncLocalStorage } from 'node:async_hooks';
import { readFile } from 'node:fs/promises';
import { provideAsyncLocalStorage } from './joined-sessions.js';
import { provideWasmModule } from './loader.js';

provideWasmModule(async () => WebAssembly.compile(await readFile(new URL('../dist/edge_session.wasm', import.meta.url))));
// For nested lifecycles under a ctx a dev server reuses (js/joined-sessions.js); Node before 20.16 has no
// process.getBuiltinModule to find it. Used only by requests given a ctx: Node servers pass none.
provideAsyncLocalStorage(AsyncLocalStorage);

export * from './api.js';
// Node only: it uses node:fs.
export { createFileSessionStorage } from './file-storage.js';
