// README (Quick start; Errors, WASM_NOT_FOUND): a Node bundle that moved the code and not the .wasm fails with
// WASM_NOT_FOUND, whose message "names the path looked at": ship edge-session/edge_session.wasm "at that path". For a
// CommonJS bundle (esbuild --format=cjs, the default of many Node build setups) the message named the relative text
// "../dist/edge_session.wasm" (import.meta.url is empty there), and no path a user could ship the file to worked:
// the file was never looked for. Each case here runs the same bundle twice: without the .wasm, then with it copied
// to the path the error names.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const APP = `
import { createCookieSessionStorage } from 'edge-session';
const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] } });
(async () => {
  try {
    const session = await storage.getSession(null);
    session.set('n', 1);
    console.log(JSON.stringify({ ok: (await storage.commitSession(session)).startsWith('__session=') }));
  } catch (error) {
    console.log(JSON.stringify({ code: error.code, message: error.message }));
  }
})();
`;

for (const format of ['esm', 'cjs']) {
  it(`a ${format} bundle: WASM_NOT_FOUND names a path, and the .wasm shipped there works`, async (t) => {
    const dir = await mkdtemp(join(root, 'tests', '.node-bundle-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const entry = join(dir, 'entry.mjs');
    await writeFile(entry, APP);
    const outfile = join(dir, 'out', format === 'cjs' ? 'server.cjs' : 'server.mjs');
    await build({ entryPoints: [entry], bundle: true, platform: 'node', format, outfile, logLevel: 'silent' });
    const once = async () => JSON.parse((await run(process.execPath, [outfile], { cwd: dir })).stdout.trim().split('\n').at(-1));

    const missing = await once();
    assert.equal(missing.code, 'WASM_NOT_FOUND', JSON.stringify(missing));
    const named = /cannot read its WebAssembly file \(([^)]+)\)/.exec(missing.message)?.[1];
    assert.ok(named, missing.message);
    const path = named.startsWith('file:') ? fileURLToPath(named) : named;
    assert.ok(isAbsolute(path), `the error names ${JSON.stringify(named)}: no path to ship the .wasm to`);

    await mkdir(dirname(path), { recursive: true });
    await copyFile(join(root, 'dist', 'edge_session.wasm'), path);
    assert.deepEqual(await once(), { ok: true }, `the .wasm copied to ${path}, as the error says`);
  });
}
