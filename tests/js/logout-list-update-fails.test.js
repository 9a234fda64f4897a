// A server-side logout whose records are deleted but whose user's list cannot be changed (a transient failure of
// the index). Regression (fault-injection pass): the logout answered 500 though the session had ended, and no retry
// could mend it (the browser's cookie named no record any more): the signed-out device stayed listed either way.
// Past the records the session has ended: the logout stands, and the failed list change is logged. And every
// record goes before any list is changed, so a failure among the lists never leaves a record of the session.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage, withSession } from 'edge-session';
import { callbacksOf, mapBackend } from './map-backend.js';
import { cookiePair } from './support.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };

it("a logout whose user's list cannot be changed ends the session and answers with an expiring cookie", async (t) => {
  const logged = t.mock.method(console, 'error', () => {});
  const backend = mapBackend();
  const callbacks = callbacksOf(backend);
  let failIndex = false;
  const failingOnIndex = (call) => async (id, ...rest) => {
    if (failIndex && String(id).startsWith('es:')) throw new Error('transient index failure');
    return call(id, ...rest);
  };
  const storage = createSessionStorage({
    cookie,
    userKey: 'user',
    ...callbacks,
    readData: failingOnIndex(callbacks.readData),
    updateData: failingOnIndex(callbacks.updateData),
    deleteData: failingOnIndex(callbacks.deleteData),
  });
  const fetch = withSession(storage, async (request, { session }) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/login') session.set('user', 'ann');
    if (pathname === '/logout') session.destroy();
    return new Response(session.get('user') ?? 'nobody');
  });
  const post = (path, header) => fetch(new Request(`https://x${path}`, { method: 'POST', headers: header ? { Cookie: header } : {} }));
  const device = cookiePair((await post('/login')).headers.get('set-cookie'));
  const recordIds = () => [...backend.records.keys()].filter((id) => !String(id).startsWith('es:'));
  assert.equal(recordIds().length, 1);
  failIndex = true;
  const logout = await post('/logout', device);
  failIndex = false;
  assert.equal(logout.status, 200);
  assert.match(logout.headers.get('set-cookie'), /Max-Age=0/);
  assert.deepEqual(recordIds(), [], 'the record is gone');
  assert.equal(await (await post('/page', device)).text(), 'nobody', 'the old cookie opens nothing');
  assert.ok(logged.mock.calls.some((call) => /could not be taken off its user's list/.test(String(call.arguments[0]))));
});
