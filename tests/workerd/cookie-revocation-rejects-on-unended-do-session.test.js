// A cookie storage's `revocation: { namespace }` sharing its namespace with a Durable Object storage ends that
// storage's sessions of the user too (README: "a revocation from either ends both kinds"). Should one's object fail to
// be revoked, the session is still alive, pending in the user's index: the revocation rejects, as the Durable Object
// storage's own does, and the next one ends it. The device `except` keeps is recorded either way. Regression
// (mutation pass): no test held it, and a revocation that left the ending running unawaited resolved to its count,
// the session still signed in.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CookieJar } from '../helpers/cookie-jar.js';
import { startWorker } from '../helpers/start-worker.js';
import { jsonOrText } from '../helpers/json-or-text.js';

let worker;
before(async () => {
  worker = await startWorker({ config: fileURLToPath(new URL('./do-lifecycle-worker/wrangler.toml', import.meta.url)), logLevel: process.env.LOG ?? 'none' });
}, { timeout: 60_000 });
after(() => worker?.dispose());

async function ok(jar, store, action, query = {}) {
  const url = new URL(`/${store}/${action}`, worker.url);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  const { response } = await jar.fetch(url, { method: action === 'me' || action === 'index' ? 'GET' : 'POST' });
  const body = await jsonOrText(response);
  assert.equal(response.status, 200, `${store}/${action}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}
async function device(store, user) {
  const jar = new CookieJar();
  assert.equal((await ok(jar, store, 'login', { user })).user, user);
  return jar;
}

describe("A cookie storage's revocation (revocation: { namespace }) whose revoke() of a Durable Object storage's session object fails", () => {
  it('rejects, the session pending in the index, the kept device signed in; the next revocation ends it', { timeout: 60_000 }, async () => {
    const user = `cookie-revocation-unended-${process.pid}`;
    const onDo = await device('do', user);
    const kept = await device('cookie', user);
    const other = await device('cookie', user);
    const { id } = await ok(onDo, 'do', 'me');
    // Its next two revoke()s throw: the revocation's, and that of the kept device's sign-in, recorded after it, which
    // ends the user's pending sessions too.
    await ok(new CookieJar(), 'do', 'arm', { id, method: 'revoke', times: '2' });
    const first = await ok(kept, 'cookie', 'revoke', { user, except: '1' });
    assert.match(String(first.error), /injected/, `the revocation rejects: ${JSON.stringify(first)}`);
    assert.deepEqual((await ok(new CookieJar(), 'do', 'index', { user })).pending, [id], 'the session is pending');
    assert.equal((await ok(onDo, 'do', 'me')).user, user, 'still signed in: why the revocation rejected');
    assert.equal((await ok(other, 'cookie', 'me')).user, null, 'the cookie session is revoked');
    assert.equal((await ok(kept, 'cookie', 'me')).user, user, 'the kept device is signed in');
    const second = await ok(kept, 'cookie', 'revoke', { user, except: '1' });
    assert.equal(second.error, undefined, second.error);
    assert.equal((await ok(onDo, 'do', 'me')).user, null, 'the next revocation ends it');
    assert.equal((await ok(kept, 'cookie', 'me')).user, user);
  });
});
