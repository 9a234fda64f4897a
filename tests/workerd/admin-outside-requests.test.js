// Administration of an app's sessions from a second Worker with no session of its own (tests/workerd/admin-worker/):
// the admin Worker binds the app's SessionDurableObject through script_name and the same KV namespace, and lists
// or revokes a user's sessions from a plain fetch (no withSession) and from a cron's scheduled(), through a storage
// made for the call whose options differ from the app's (no cookie, another cookie). The revocation must reach the
// app's users at their next request (Durable Objects, KV here: one location) or within the app's 5 s cache (cookie
// sessions), and a misconfigured admin Worker (its binding to another class of the app's) must get an error that
// says what failed. Two Workers, two isolates: run by `wrangler dev -c admin.toml -c app.toml`, as a developer would.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { CookieJar } from '../helpers/cookie-jar.js';

const TEST = { timeout: 30_000 };
const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const WRANGLER = fileURLToPath(new URL('../../node_modules/wrangler/bin/wrangler.js', import.meta.url));

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

let child;
let base;
const state = mkdtempSync(join(tmpdir(), 'edge-session-admin-state-')); // local KV and Durable Objects of this run only

/**
 * `wrangler dev` on a port free a moment ago; true once it answers, false when another process took the port
 * meanwhile (freePort closes its probe before wrangler binds: a test beside this one may be given it), so that a
 * fresh port is tried. Regression (adversarial pass): the test failed with wrangler's "Address already in use".
 */
async function startDev() {
  const port = await freePort();
  child = spawn(
    process.execPath,
    [WRANGLER, 'dev', '-c', here('./admin-worker/admin.toml'), '-c', here('./admin-worker/app.toml'), '--ip', '127.0.0.1',
      '--port', String(port), '--persist-to', state, '--test-scheduled', '--show-interactive-dev-session=false', '--log-level', 'warn'],
    { env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  base = new URL(`http://127.0.0.1:${port}/`);
  for (const started = Date.now(); ; await sleep(250)) {
    if (child.exitCode !== null) {
      if (/Address already in use/.test(output)) return false;
      throw new Error(`wrangler dev exited: ${output}`);
    }
    if (Date.now() - started > 60_000) throw new Error(`wrangler dev did not start: ${output}`);
    try {
      // Ours, not a process that took the port: wrangler's own exit above is checked first, then its answer.
      // Bounded: a process that took the port may accept and never answer.
      const response = await fetch(new URL('/admin/cron-result', base), { signal: AbortSignal.timeout(2000) });
      if (response.ok && child.exitCode === null) return true;
    } catch {}
  }
}

before(async () => {
  for (let attempt = 1; !(await startDev()); attempt++) {
    if (attempt === 3) throw new Error('wrangler dev: every port tried was taken before it bound it');
  }
}, { timeout: 180_000 });
after(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM'); // this test's own child, by its handle
    // Not for ever: a wrangler that hangs on its way out is killed, so the run ends.
    if ((await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)])) === false) {
      child.kill('SIGKILL');
      await exited;
    }
  }
  rmSync(state, { recursive: true, force: true });
});

let users = 0;
async function call(jar, path, status = 200) {
  const { response } = await jar.fetch(new URL(path, base));
  const body = await response.json();
  assert.equal(response.status, status, `${path}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}
const adminCall = (path, status) => call(new CookieJar(), path, status);

async function signedIn(store, user, count) {
  const jars = [];
  for (let i = 0; i < count; i++) {
    const jar = new CookieJar();
    await call(jar, `/app/${store}/login?user=${user}`);
    jars.push(jar);
  }
  await sleep(20); // a revocation stamped after the sign-ins
  return jars;
}

async function runCron(job) {
  await adminCall(`/admin/cron-job?${new URLSearchParams(job)}`);
  const response = await fetch(new URL('/__scheduled?cron=*/5+*+*+*+*', base));
  assert.equal(response.status, 200, `/__scheduled: ${response.status} ${await response.text()}`);
  return adminCall('/admin/cron-result');
}

/** The app's users, read by the app (one storage for its isolate's life), signed out within the bound README gives. */
async function signedOut(store, jars) {
  if (store.startsWith('cookie')) await sleep(5100); // another isolate's revocation: the app's 5 s cache
  for (const jar of jars) assert.deepEqual(await call(jar, `/app/${store}/me`), { user: null });
}

for (const store of ['do', 'kv', 'cookie-do', 'cookie-kv']) {
  const lists = store === 'do' || store === 'kv';
  describe(`${store}: an admin Worker and a cron, outside any user's request`, () => {
    for (const variant of ['same', 'no-cookie', 'other-cookie']) {
      if (lists) {
        it(`lists a user's sessions (admin storage: ${variant} cookie)`, TEST, async () => {
          const user = `u${++users}-${Date.now()}`;
          await signedIn(store, user, 2);
          const { ids } = await adminCall(`/admin/${store}/list?user=${user}&variant=${variant}`);
          assert.equal(ids.length, 2, JSON.stringify(ids));
        });
      }

      it(`signs a user out everywhere (admin storage: ${variant} cookie)`, TEST, async () => {
        const user = `u${++users}-${Date.now()}`;
        const jars = await signedIn(store, user, 2);
        await Promise.all(jars.map((jar) => call(jar, `/app/${store}/me`))); // the app has looked the user up
        assert.deepEqual(await adminCall(`/admin/${store}/revoke?user=${user}&variant=${variant}`), { ended: 2 });
        await signedOut(store, jars);
      });
    }

    it('a cron signs a user out everywhere', TEST, async () => {
      const user = `u${++users}-${Date.now()}`;
      const jars = await signedIn(store, user, 2);
      assert.deepEqual(await runCron({ store, op: 'revoke', user, variant: 'no-cookie' }), { ended: 2 });
      await signedOut(store, jars);
    });

    if (lists) {
      it("a cron lists a user's sessions", TEST, async () => {
        const user = `u${++users}-${Date.now()}`;
        await signedIn(store, user, 3);
        const result = await runCron({ store, op: 'list', user, variant: 'no-cookie' });
        assert.equal(result.ids?.length, 3, JSON.stringify(result));
      });
    }
  });
}

describe('an admin Worker whose binding names another class of the app', () => {
  // The failure says what the admin asked for, not a single session's read or delete (there is none), and the hint.
  for (const [store, op, what] of [
    ['do-wrong', 'list', 'list the sessions of a user'],
    ['do-wrong', 'revoke', 'revoke the sessions of a user'],
    ['cookie-do-wrong', 'revoke', 'revoke the sessions of a user'],
  ]) {
    it(`${store} ${op}: a SessionStorageError naming what failed and the class to bind`, TEST, async () => {
      const { error } = await adminCall(`/admin/${store}/${op}?user=u${++users}`, 500);
      assert.equal(error.name, 'SessionStorageError');
      assert.equal(error.code, 'STORAGE_FAILED');
      assert.match(error.message, new RegExp(`^Session storage failed to ${what}: `));
      assert.match(error.message, /class_name must be SessionDurableObject/);
    });
  }
});
