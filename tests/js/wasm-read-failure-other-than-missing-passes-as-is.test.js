// Regression (adversarial pass over the fixes of 2026-12-05); as found, before the fix:
// js/index.node.js turns every failure of readFile(<the .wasm>) into EdgeSessionError WASM_NOT_FOUND, "cannot read
// its WebAssembly file ... Bundled for Node? Keep edge-session out of the bundle ...". The file is there, in the
// installed package, when the read fails for another reason: EMFILE (a busy server out of file descriptors at its
// first session, a passing failure the next request mends: the loader retries), EACCES, EIO. The app and its logs
// then get the code and advice for a missing file, and a code to branch on that says the install is broken.
// Expected: WASM_NOT_FOUND (and its advice) only for ENOENT/ENOTDIR (or an unresolvable URL); other read failures
// keep their own code (or are a different EdgeSessionError code), with the cause.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

// Out of file descriptors when the first session loads the core: the .wasm is where the package put it.
const APP = `
import { openSync } from 'node:fs';
import { createCookieSessionStorage } from 'edge-session';
const held = [];
try { for (;;) held.push(openSync(process.execPath, 'r')); } catch {}
const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] } });
try {
  await storage.getSession(null);
  console.log(JSON.stringify({ ok: true }));
} catch (error) {
  console.log(JSON.stringify({ code: error.code, cause: error.cause?.code, message: error.message }));
}
`;

it('a .wasm that is present but cannot be opened now (EMFILE) is not reported as WASM_NOT_FOUND', async () => {
  const { stdout } = await run('sh', ['-c', 'ulimit -n 64 && exec "$0" --input-type=module -e "$1"', process.execPath, APP], { cwd: root });
  const outcome = JSON.parse(stdout.trim().split('\n').at(-1));
  assert.ok(outcome.cause === 'EMFILE' || outcome.code === 'EMFILE', JSON.stringify(outcome)); // the situation made
  assert.notEqual(outcome.code, 'WASM_NOT_FOUND', outcome.message);
  assert.doesNotMatch(outcome.message, /Bundled for Node\?/);
});
