// js/loader.js: a core whose first instantiation fails is not memoised as failed, "let the next call try again"
// (loader.test.js). A Cookie caches the promise of its core handle, one per format: a rejected one must leave that
// cache too (js/cookie.js [cookieCore]), or a Cookie whose first use met a failed load (a module source that failed
// once) rejects every parse and serialize for the isolate's life, the core itself loaded meanwhile. Nothing held
// it: keeping a rejected handle passed every test (mutation pass).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../..', import.meta.url));

it("a Cookie whose first use met a failed load of the core serializes and parses at its next", async () => {
  // A fresh process: the core must not be loaded before the failing source is in place.
  const source = `
    const { provideWasmModule } = await import('./js/loader.js');
    const { createCookie } = await import('./js/cookie.js');
    const { readFile } = await import('node:fs/promises');
    let loads = 0;
    provideWasmModule(async () => {
      if (++loads === 1) throw new Error('the module failed to load, once');
      return WebAssembly.compile(await readFile('./dist/edge_session.wasm'));
    });
    const cookie = createCookie('prefs', { secrets: ['s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t'] });
    const first = await cookie.serialize({ theme: 'dark' }).then(() => 'written', (error) => error.message);
    const header = await cookie.serialize({ theme: 'dark' });
    console.log(JSON.stringify({ first, loads, value: await cookie.parse(header.split(';')[0]) }));
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '--eval', source], { cwd: root });
  const result = JSON.parse(stdout);
  assert.equal(result.first, 'the module failed to load, once');
  assert.equal(result.loads, 2);
  assert.deepEqual(result.value, { theme: 'dark' });
});
