// Isolates in one Node process: the package loaded from its own copy of js/ and dist/ each, so each copy has its
// own module state (per-user stamps, revocation caches, its WebAssembly instance), as two Workers isolates do.
// They share Date.now: one clock.
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { after, before } from 'node:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const checkout = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Loads `count` copies of this checkout's Node entry (js/index.node.js finds the .wasm at ../dist beside it).
 * `remove()` deletes the copies: call it once the tests are done (each copy reads its .wasm at its first session).
 */
export async function isolateCopies(count) {
  const dir = await mkdtemp(join(tmpdir(), 'edge-session-isolates-'));
  const isolates = [];
  for (let i = 0; i < count; i++) {
    const copy = join(dir, String(i));
    await cp(join(checkout, 'js'), join(copy, 'js'), { recursive: true });
    await cp(join(checkout, 'dist'), join(copy, 'dist'), { recursive: true });
    await writeFile(join(copy, 'package.json'), '{ "type": "module" }\n'); // js/ is ES modules
    isolates.push(await import(pathToFileURL(join(copy, 'js', 'index.node.js')).href));
  }
  return { isolates, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** `count` copies loaded before the file's tests and removed after them: `.isolates` once loaded. */
export function isolatesForTests(count) {
  const loaded = { isolates: [] };
  let copies;
  before(async () => {
    copies = await isolateCopies(count);
    loaded.isolates = copies.isolates;
  });
  after(() => copies?.remove());
  return loaded;
}
