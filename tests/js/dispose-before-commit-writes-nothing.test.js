// README (Memory): "Dispose of the session withSession or a middleware hands you only after committing or destroying
// it through the storage: one disposed before that is written no more, a destroy() included (but the device
// revokeUserSessions' except keeps, which the storage still owes a write, is written all the same)". And dispose()
// by hand outside a request frees a session that still owes a write all the same: a later read throws
// SESSION_DISPOSED. Mutation pass (session.js dispose): keeping a hand session that owes a write, instead of only a
// request's that owes one, passed the Node suites (keeping every request's session fails logout-dropped-by-framework).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createMemorySessionStorage, SessionDataError, withSession } from 'edge-session';
import { cookiePair } from './support.js';
import { mapKV } from './map-kv.js';
import { signIn } from '../helpers/sign-in.js';

const secrets = ['dispose-before-commit'.padEnd(32, '!')];

for (const make of [createCookieSessionStorage, createMemorySessionStorage]) {
  it(`${make.name}: a change, then dispose() in the handler: withSession writes nothing`, async () => {
    const storage = make({ cookie: { secrets } });
    const handler = withSession(storage, async (request, { session }) => {
      session.set('userId', 'ada');
      session.dispose();
      return new Response('ok');
    });
    const response = await handler(new Request('https://example.com/'));
    assert.equal(response.status, 200);
    assert.deepEqual(response.headers.getSetCookie(), []);
  });

  it(`${make.name}: destroy(), then dispose() in the handler: no logout is written, the session stays`, async () => {
    const storage = make({ cookie: { secrets } });
    const seed = await storage.getSession(null);
    seed.set('userId', 'ada');
    const cookie = cookiePair(await storage.commitSession(seed));
    const handler = withSession(storage, async (request, { session }) => {
      session.destroy();
      session.dispose();
      return new Response('ok');
    });
    const response = await handler(new Request('https://example.com/', { headers: { Cookie: cookie } }));
    assert.deepEqual(response.headers.getSetCookie(), []);
    assert.equal((await storage.getSession(cookie)).get('userId'), 'ada');
  });
}

it('by hand, a chunked session whose commitSession was refused (SEVERAL_COOKIES) and then disposed is disposed', async () => {
  const storage = createCookieSessionStorage({ cookie: { secrets }, chunks: 5 });
  const session = await storage.getSession(null);
  session.set('notes', 'n'.repeat(9000));
  await assert.rejects(storage.commitSession(session), { code: 'SEVERAL_COOKIES' });
  assert.equal(session.dirty, true, 'still to be written');
  session.dispose();
  assert.throws(() => session.get('notes'), (error) => error instanceof SessionDataError && error.code === 'SESSION_DISPOSED');
});

// The exception README names: the device revokeUserSessions' except keeps, after the handler's own commit of it, then
// disposed in the handler, is written all the same, signed in anew, its other devices signed out. Regression
// (mutation pass): dispose() kept no snapshot of it before freeing it, and no test noticed.
it('the kept device of a revocation after a hand commit, disposed in the handler: still written, signed in anew', async () => {
  const storage = createCookieSessionStorage({ cookie: { secrets }, userKey: 'userId', revocation: { kv: mapKV() } });
  const laptop = await signIn(storage, 'ada');
  const phone = await signIn(storage, 'ada');
  const handler = withSession(storage, async (request, { session }) => {
    session.set('theme', 'dark');
    await storage.commitSession(session); // the handler's own commit: the response it makes is written over below
    await storage.revokeUserSessions('ada', { except: session });
    session.dispose();
    return new Response('ok');
  });
  const response = await handler(new Request('https://example.com/', { headers: { Cookie: laptop } }));
  const [setCookie, ...more] = response.headers.getSetCookie();
  assert.deepEqual(more, [], 'one Set-Cookie');
  const kept = await storage.getSession(cookiePair(setCookie));
  assert.equal(kept.get('userId'), 'ada', 'the kept device is still signed in');
  assert.equal(kept.get('theme'), 'dark');
  assert.equal((await storage.getSession(phone)).get('userId'), undefined, 'the other device is signed out');
});
