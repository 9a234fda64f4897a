// Sessions in active use are not parked and restored at each use, however many requests are in flight at once
// (js/core-calls.js MAX_LIVE_SESSIONS). Regressions (reviews of the parking of sessions):
// - withSession: past the bound, every request's session was parked and restored at nearly every use (~11 restores,
//   a snapshot and a parse each, per request of 5 reads and 5 writes; ~400-500 us CPU per request against ~110-200
//   before), though its request's end frees it anyway;
// - by hand (React Router's getSession/commitSession without middleware, Remix v3's read/save): the oldest sessions
//   were parked first, in use or not: at 300 in flight, 9.2 restores per request, ~280 us CPU against ~52.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createSession, withSession } from 'edge-session';
import { MAX_LIVE_SESSIONS } from '../../js/core-calls.js';
import { restoresDuring } from './restores-during.js';

/** A cookie storage and the Cookie header of a 40-key session in it. */
async function fortyKeySession() {
  const storage = createCookieSessionStorage({ cookie: { name: '__s', secrets: ['s3cr3t'] } });
  const seed = await storage.getSession(null);
  for (let i = 0; i < 40; i++) seed.set(`key${i}`, `value number ${i}`);
  return { storage, header: (await storage.commitSession(seed)).split(';')[0] };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** 5 reads and 5 writes, each followed by a wait in which the other requests run (a database call). */
async function use(session) {
  for (let step = 0; step < 5; step++) {
    session.get(`key${step}`);
    await tick();
    session.set('counter', step);
    await tick();
  }
}

describe('many concurrent withSession requests', () => {
  it('does not park and restore the sessions of requests in flight at each use', async () => {
    const { storage, header } = await fortyKeySession();
    const handler = withSession(storage, async (request, { session }) => {
      await use(session);
      return new Response('ok');
    });
    const N = 400; // past MAX_LIVE_SESSIONS (256): fewer would never park
    const restores = await restoresDuring(async () => {
      const responses = await Promise.all(Array.from({ length: N }, () => handler(new Request('https://example.com/', { headers: { Cookie: header } }))));
      assert.equal(responses.length, N);
    });
    assert.ok(restores / N < 1, `${(restores / N).toFixed(2)} restores per request`);
  });
});

describe('many concurrent requests handling their session by hand', () => {
  it('does not park and restore the sessions in active use at each use', async () => {
    const { storage, header } = await fortyKeySession();
    async function request() {
      const session = await storage.getSession(header);
      await use(session);
      return storage.commitSession(session);
    }
    const N = 300;
    const restores = await restoresDuring(() => Promise.all(Array.from({ length: N }, request)));
    assert.ok(restores / N < 1, `${(restores / N).toFixed(2)} restores per request`);
  });
});

// README (Session's memory): "The sessions of requests withSession and the middlewares hold are not parked (their
// request's end frees them)": also once a commit by hand released one and a read restored it, while the app's own
// sessions make the core look for some to park. Regression (mutation pass): with [park]'s request check removed,
// each such session was parked at the second look and restored at its next read, and no test noticed.
describe('withSession requests that commit by hand, then read on', () => {
  it('does not park their sessions, restored after the commit, while sessions by hand make looks', async () => {
    const { storage, header } = await fortyKeySession();
    const handler = withSession(storage, async (request, { session }) => {
      session.set('counter', 1);
      await storage.commitSession(session); // released: its next read restores it
      for (let step = 0; step < 10; step++) {
        session.get(`key${step}`);
        await tick();
        await tick();
      }
      return new Response('ok');
    });
    const N = 100;
    const kept = [];
    const restores = await restoresDuring(async () => {
      const responses = Array.from({ length: N }, () => handler(new Request('https://example.com/', { headers: { Cookie: header } })));
      // A loader's sessions, never committed nor disposed, made while the requests read: past 256, looks.
      for (let i = 0; i < 4 * MAX_LIVE_SESSIONS; i++) {
        kept.push(await createSession({ i }));
        if (i % 20 === 0) await tick();
      }
      assert.equal((await Promise.all(responses)).length, N);
    });
    for (const session of kept) session.dispose();
    assert.ok(restores / N < 1.5, `${(restores / N).toFixed(2)} restores per request (1: the read after its commit)`);
  });
});
