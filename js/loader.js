// Instantiates the WASM core once per isolate, on first use (Workers forbid
// WASM work and random values at import time: workers-pitfalls 3.7). Each
// runtime entry only says where the compiled WebAssembly.Module comes from.
import createEdgeSessionModule from '../dist/edge_session.mjs';
import { createCore } from './core-calls.js';
import { EdgeSessionError } from './errors.js';

let moduleSource;
let corePromise;
let currentCore; // what corePromise resolved to
let generation = 0; // bumped when a trapped instance is dropped

/**
 * Called by the runtime entry (index.node.js, index.workerd.js).
 * @param {() => Promise<WebAssembly.Module> | WebAssembly.Module} source
 */
export function provideWasmModule(source) {
  moduleSource = source;
}

/** The instantiated core (js/core-calls.js), shared by every session of this isolate. */
export function loadCore() {
  dropBrokenCore();
  corePromise ??= instantiate().catch((error) => {
    corePromise = undefined; // let the next call try again
    throw error;
  });
  return corePromise;
}

/** Makes the next loadCore() instantiate anew. */
function dropCore() {
  corePromise = undefined;
  currentCore = undefined;
  generation += 1;
}

/** Drops the current instance if an error escaped one of its calls. */
function dropBrokenCore() {
  if (currentCore !== undefined && currentCore.isBroken()) dropCore();
}

/**
 * Drops the instance after any error that is not one of ours: a WASM trap
 * (workers-pitfalls 3.10), or a JS error (a RangeError when the stack ran
 * out) thrown through WASM frames, which leaves the instance's stack pointer
 * behind (issue 10.2). The next request gets a sound instance. Returns the
 * error for rethrow.
 * @param {unknown} error
 */
export function forgetCoreAfterTrap(error) {
  if (!(error instanceof EdgeSessionError)) dropCore();
  return error;
}

/** Changes whenever the instance is dropped: handles from before are dead. */
export function coreGeneration() {
  dropBrokenCore();
  return generation;
}

async function instantiate() {
  if (!moduleSource) throw new Error('edge-session: no WebAssembly module source; import the package entry, not js/loader.js');
  const wasmModule = await moduleSource();
  // The glue's promise never settles when instantiation fails (out of memory): the failure races it. Regression
  // (black-box pass): unhandled, the rejection ended the Node process, or every session call hung for good.
  let failed;
  const failure = new Promise((resolve, reject) => (failed = reject));
  const module = await Promise.race([
    createEdgeSessionModule({
      // Hand the glue our module: workerd cannot compile WASM from bytes, and
      // the glue's own fetch of a URL fails there (workers-pitfalls 3.2).
      instantiateWasm(imports, receiveInstance) {
        WebAssembly.instantiate(wasmModule, imports).then((instance) => receiveInstance(instance, wasmModule), failed);
        return {};
      },
      // Without locateFile the 3.1.6 glue builds new URL(.., import.meta.url),
      // which throws in bundled Workers (workers-pitfalls 3.3).
      locateFile: (path) => path,
    }),
    failure,
  ]);
  const core = createCore(module);
  currentCore = core;
  return core;
}
