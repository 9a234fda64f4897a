// Cold-start probes, each run in a fresh Node process by runNodeColdStart() so that nothing is
// JIT-warm and V8's in-process cache of compiled WASM modules is empty.
//
//   node bench/cold-node.js compile        compile + instantiate dist/edge_session.wasm, raw
//   node bench/cold-node.js cycle <key>    first and second PRG cycle of one implementation
//
// Each prints one JSON line. The `compile` probe instantiates with stub imports (enough for V8 to
// link the module; nothing is called): it measures the engine's work, which is what workerd does
// when it loads a Worker script that imports the .wasm.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { median } from './stats.js';

export const WASM_PATH = fileURLToPath(new URL('../dist/edge_session.wasm', import.meta.url));
const SELF = fileURLToPath(import.meta.url);

function stubImports(module) {
  const imports = {};
  for (const { module: ns, name, kind } of WebAssembly.Module.imports(module)) {
    imports[ns] ??= {};
    if (kind === 'function') imports[ns][name] = () => 0;
    else if (kind === 'memory') imports[ns][name] = new WebAssembly.Memory({ initial: 256, maximum: 32768 });
    else if (kind === 'table') imports[ns][name] = new WebAssembly.Table({ initial: 1024, element: 'anyfunc' });
    else if (kind === 'global') imports[ns][name] = new WebAssembly.Global({ value: 'i32', mutable: true }, 0);
  }
  return imports;
}

async function probeCompile() {
  const bytes = await readFile(WASM_PATH);
  const t0 = performance.now();
  const module = await WebAssembly.compile(bytes);
  const t1 = performance.now();
  await WebAssembly.instantiate(module, stubImports(module));
  const t2 = performance.now();
  return { compileMs: t1 - t0, instantiateMs: t2 - t1 };
}

async function probeCycle(key) {
  const { findImplementation } = await import('./cycle.js');
  const impl = findImplementation(key);
  const t0 = performance.now();
  const first = await impl.cycle(null);
  const t1 = performance.now();
  await impl.cycle(first.cookie);
  const t2 = performance.now();
  return { firstMs: t1 - t0, secondMs: t2 - t1 };
}

const run = promisify(execFile);
async function probe(...args) {
  const { stdout } = await run(process.execPath, [SELF, ...args]);
  return JSON.parse(stdout);
}

/** Medians over `samples` fresh processes per probe. */
export async function runNodeColdStart({ samples = 5, keys = ['edge', 'remix', 'rr'] } = {}) {
  const compile = [];
  const cycles = new Map(keys.map((key) => [key, []]));
  for (let s = 0; s < samples; s++) {
    compile.push(await probe('compile'));
    for (const key of keys) cycles.get(key).push(await probe('cycle', key));
  }
  return {
    samples,
    compileMs: median(compile.map((c) => c.compileMs)),
    instantiateMs: median(compile.map((c) => c.instantiateMs)),
    cycles: keys.map((key) => ({
      key,
      firstMs: median(cycles.get(key).map((c) => c.firstMs)),
      secondMs: median(cycles.get(key).map((c) => c.secondMs)),
    })),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [mode, key] = process.argv.slice(2);
  const result = mode === 'compile' ? await probeCompile() : mode === 'cycle' ? await probeCycle(key) : await runNodeColdStart();
  console.log(JSON.stringify(result));
}
