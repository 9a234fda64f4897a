// Inside workerd with its local Workers KV: one put that never settles, whose request workerd cancels as hung (as
// the platform cancels one whose client went away), must not hold its key's later writes and deletes for the
// isolate's life (js/kv-keys.js KV_LINE_WAIT_MS). Regression (audit): the session's next logout, through withSession
// and the Hono middleware, and the user's next revocation of cookie sessions never answered.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { KV_LINE_WAIT_MS } from '../../js/kv-keys.js';
import { startWorker } from '../helpers/start-worker.js';

let worker;
before(async () => {
  worker = await startWorker({ config: fileURLToPath(new URL('./kv-hang-worker/wrangler.toml', import.meta.url)), secrets: { SESSION_SECRET: 'kv-hang-secret' }, logLevel: 'none' });
}, { timeout: 60_000 });
after(() => worker?.dispose());

/** The Response, or 'timeout' when none came within `ms` (the request is then aborted). */
async function get(path, { cookie, ms = KV_LINE_WAIT_MS + 5000 } = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  try {
    return await fetch(new URL(path, worker.directUrl), { headers: cookie ? { Cookie: cookie } : {}, signal: controller.signal });
  } catch (error) {
    if (controller.signal.aborted) return 'timeout';
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
const pair = (response) => response.headers.getSetCookie()[0]?.split(';')[0];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let users = 0;
const newUser = () => `u${process.pid}-${++users}`;

/** Sends `path`, whose armed put never settles, and lets workerd cancel it (or gives up on it after a second). */
async function hangOne(path, options) {
  const hung = await get(path, { ...options, ms: 1000 });
  if (hung !== 'timeout') await hung.text();
}

for (const [through, prefix] of [['withSession', '/kv'], ['the Hono middleware', '/hono']]) {
  describe(`KV sessions through ${through}`, () => {
    it('after a write of the session that never settled, its logout completes and the cookie opens nothing', { timeout: 60_000 }, async () => {
      const login = await get(`${prefix}/login?user=${newUser()}`);
      const cookie = pair(login);
      await login.text();
      await sleep(1100); // KV's one write of a key per second
      await (await get('/arm?prefix=session:')).text();
      await hangOne(`${prefix}/inc`, { cookie });

      const logout = await get(`${prefix}/logout`, { cookie });
      assert.notEqual(logout, 'timeout', 'the logout still waits for the cancelled write');
      assert.equal(logout.status, 200, await logout.clone().text());
      assert.match(logout.headers.getSetCookie().join('\n'), /Max-Age=0/);
      await logout.text();
      assert.equal((await (await get(`${prefix}/inc`, { cookie })).json()).user, null, 'the old cookie opens nothing');
    });
  });
}

describe('cookie sessions with revocation: { kv }', () => {
  it('after a revocation whose mark never got written, the next revocation of the user completes and voids the cookie', { timeout: 60_000 }, async () => {
    const user = newUser();
    const login = await get(`/cookie/login?user=${user}`);
    const cookie = pair(login);
    await login.text();
    await (await get('/arm?prefix=edge-session:revoked:')).text();
    await hangOne(`/revoke?user=${user}`);

    const again = await get(`/revoke?user=${user}`);
    assert.notEqual(again, 'timeout', 'the revocation still waits for the cancelled one');
    assert.equal(again.status, 200, await again.clone().text());
    assert.equal((await again.json()).count, 1);
    assert.equal((await (await get('/cookie/inc', { cookie })).json()).user, null, 'the revoked cookie opens nothing');
  });

  // Regression (audit of issue 14): another tab of the device "sign out of my other devices" kept, whose request
  // still carried that device's old cookie, wrote its fresh session, and that cookie replaced the kept one.
  it("another tab of the kept device, read after the revocation with the old cookie, sets no cookie", { timeout: 30_000 }, async () => {
    const user = newUser();
    const signIn = async () => {
      const response = await get(`/cookie/login?user=${user}`);
      await response.text();
      return pair(response);
    };
    const [laptop, phone] = [await signIn(), await signIn()];
    const revoked = await get('/cookie/others', { cookie: laptop });
    assert.deepEqual(await revoked.json(), { ended: 1 });
    const kept = pair(revoked);
    const tab = await get('/cookie/inc', { cookie: laptop });
    assert.deepEqual(await tab.json(), { user: null, n: 1 }, 'the old cookie is void');
    assert.deepEqual(tab.headers.getSetCookie(), [], 'its fresh session would replace the kept cookie');
    assert.equal((await (await get('/cookie/inc', { cookie: kept })).json()).user, user, 'the kept device is signed in');
    assert.equal((await (await get('/cookie/inc', { cookie: phone })).json()).user, null, 'the other device is not');
  });
});
