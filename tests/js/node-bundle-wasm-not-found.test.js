// The Node entry bundled (esbuild, platform node) without its .wasm: the first session fails with a typed error that
// names the path it looked at and the way out, not a bare ENOENT. Regression (consumer pass): an esbuild bundle of a
// Node server started, then answered every request with "ENOENT ... dist/edge_session.wasm" (a CommonJS bundle:
// "Invalid URL"). The .wasm is an export of the package, to copy; a bundle that keeps the package external works.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const APP = `
import { createCookieSessionStorage } from 'edge-session';
const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] } });
try {
  const session = await storage.getSession(null);
  session.set('n', 1);
  console.log(JSON.stringify({ ok: (await storage.commitSession(session)).startsWith('__session=') }));
} catch (error) {
  console.log(JSON.stringify({ name: error.name, code: error.code, message: error.message }));
}
`;

async function bundled(t, options) {
  // Inside the checkout, so that 'edge-session' resolves to it (the package's own name), as to an installed package.
  const dir = await mkdtemp(join(root, 'tests', '.node-bundle-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const entry = join(dir, 'entry.mjs');
  await writeFile(entry, APP);
  const outfile = join(dir, 'out', 'server.mjs');
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'silent', ...options });
  const { stdout } = await run(process.execPath, [outfile], { cwd: dir });
  return JSON.parse(stdout.trim().split('\n').at(-1));
}

it('a whole bundle: WASM_NOT_FOUND, naming the path and the way out', async (t) => {
  const result = await bundled(t, {});
  assert.equal(result.code, 'WASM_NOT_FOUND', JSON.stringify(result));
  assert.equal(result.name, 'EdgeSessionError');
  assert.match(result.message, /edge_session\.wasm/);
  assert.match(result.message, /--packages=external/);
});

it('a bundle that keeps the package external works', async (t) => {
  assert.deepEqual(await bundled(t, { packages: 'external' }), { ok: true });
});

it("the .wasm is an export of the package, to copy beside a bundle", () => {
  assert.equal(fileURLToPath(import.meta.resolve('edge-session/edge_session.wasm')), join(root, 'dist', 'edge_session.wasm'));
});
