// Node entry: compiles the .wasm file's bytes (Node allows it; workerd does not).
import { AsyncLocalStorage } from 'node:async_hooks';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { EdgeSessionError } from './errors.js';
import { provideAsyncLocalStorage } from './joined-sessions.js';
import { provideWasmModule } from './loader.js';

provideWasmModule(async () => WebAssembly.compile(await wasmBytes()));

/**
 * The .wasm's bytes, from beside this file as the package ships it. A bundle for Node moves this file and not the
 * .wasm: the error says so, at the first session. Regression (consumer pass): an esbuild bundle answered every
 * request with a bare ENOENT of a path no one knew (a CommonJS one: "Invalid URL").
 */
async function wasmBytes() {
  let url = '../dist/edge_session.wasm';
  try {
    // A CommonJS bundle has no import.meta.url (esbuild makes import.meta {}): its own file, __filename, is the base
    // there, as import.meta.url is the bundle's in an ESM bundle. Regression (README pass): the error named the bare
    // relative text, and no path the .wasm could be shipped to was ever read.
    const base = import.meta.url ?? (typeof __filename === 'string' ? pathToFileURL(__filename).href : undefined);
    url = new URL(url, base);
    return await readFile(url);
  } catch (error) {
    // This entry inside workerd: the Worker's bundler resolved the package without the `workerd` condition, so the
    // .wasm was never imported as a module (workerd compiles none from bytes, and has no package files to read).
    // Regression (deployment-configurations pass): the error said "Bundled for Node?", whose advice fails there.
    if (globalThis.navigator?.userAgent === 'Cloudflare-Workers') {
      throw new EdgeSessionError(
        'WASM_NOT_FOUND',
        'edge-session: its Node entry runs in a Worker, where it cannot read its WebAssembly file: the Worker was bundled ' +
          'without the "workerd" export condition (esbuild: --conditions=workerd,worker; wrangler and the Cloudflare Vite ' +
          'plugin set it), so the package\'s workerd entry, which imports the .wasm as a module, was not used',
        { cause: error },
      );
    }
    // Not there, or no file URL to find it by (a CommonJS bundle): a bundle moved the code. Another failure (EMFILE,
    // EACCES, EIO) is the filesystem's, of a file in its place, and goes as it came. Regression (adversarial pass).
    if (typeof url !== 'string' && !['ENOENT', 'ENOTDIR', 'ERR_INVALID_URL_SCHEME'].includes(error?.code)) throw error;
    throw new EdgeSessionError(
      'WASM_NOT_FOUND',
      `edge-session: cannot read its WebAssembly file (${url}). Bundled for Node? Keep edge-session out of the bundle ` +
        '(esbuild --packages=external or --external:edge-session), or ship edge-session/edge_session.wasm at that path',
      { cause: error },
    );
  }
}
// For nested lifecycles under a ctx a dev server reuses (js/joined-sessions.js); Node before 20.16 has no
// process.getBuiltinModule to find it. Used only by requests given a ctx: Node servers pass none.
provideAsyncLocalStorage(AsyncLocalStorage);

export * from './api.js';
// Node only: it uses node:fs.
export { createFileSessionStorage } from './file-storage.js';
