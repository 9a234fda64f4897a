// Durable Objects: a logout whose lease lapsed, or whose object was reset (a deploy) since its read, is made as a
// later destroy, in line and only if nobody wrote since (removeIfUnchanged). A revocation that ended the session
// meanwhile is not such a write: the session is ended either way, so the logout succeeds. Regression (mutation
// pass): no test held it, and an object answering `removed: false` for a revoked session passed them all, the logout
// then failing (SESSION_CHANGED after a reset, the lapsed lease's error otherwise).
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CookieJar, isExpiring } from '../helpers/cookie-jar.js';
import { startWorker } from '../helpers/start-worker.js';
import { jsonOrText } from '../helpers/json-or-text.js';

let worker;
before(async () => {
  worker = await startWorker({ config: fileURLToPath(new URL('./do-lifecycle-worker/wrangler.toml', import.meta.url)), logLevel: process.env.LOG ?? 'none' });
}, { timeout: 60_000 });
after(() => worker?.dispose());

async function call(jar, store, action, query = {}) {
  const url = new URL(`/${store}/${action}`, worker.url);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  const { response, setCookies } = await jar.fetch(url, { method: action === 'stored' || action === 'me' ? 'GET' : 'POST' });
  return { status: response.status, body: await jsonOrText(response), set: setCookies.find((cookie) => cookie.name === '__session') };
}

describe('A logout of a session a revocation ended while the request held it (Durable Objects)', () => {
  // `logout-revoked`: the handler revokes the session's object (as revokeUserSessions of another device does), then
  // destroys the session. The lapsing store's lease lapses within the handler's 700 ms; `reset` resets the object
  // after the handler ran, before withSession commits.
  for (const [label, store, query] of [
    ['its lease lapsed', 'lapsing', { ms: '700' }],
    ['its object reset since the read (a deploy)', 'do', { reset: '1' }],
  ]) {
    it(`${label}: succeeds, its cookie cleared, the revocation's mark kept`, { timeout: 60_000 }, async () => {
      const jar = new CookieJar();
      assert.equal((await call(jar, 'do', 'login', { user: `logout-revoked-${store}-${process.pid}` })).status, 200);
      const { id } = (await call(jar, 'do', 'me')).body;
      assert.match(id, /^[0-9a-f]{40}$/);
      const answer = await call(jar, store, 'logout-revoked', query);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.ok(answer.set && isExpiring(answer.set), 'the logout clears the cookie');
      const stored = (await call(new CookieJar(), 'do', 'stored', { id })).body;
      assert.equal(stored.session, null);
      assert.ok(stored.revoked > Date.now(), "the revocation's mark stays");
    });
  }
});
