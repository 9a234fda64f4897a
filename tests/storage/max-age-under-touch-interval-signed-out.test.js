// Regression (audit): with idleTimeout and a cookie maxAge shorter than the touch interval (a quarter of
// idleTimeout by default), the rolling renewal, due once per touch interval, came after maxAge had ended the session:
// a user active every 15 s under maxAge 20 and idleTimeout 400 was signed out every 20-30 s (maxAge 3600 with
// idleTimeout 86400: hourly). An expiry nearer than the idle timeout is now renewed after a quarter of its span.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { withSession } from 'edge-session';
import { mockClock, removeStoreDirs, STORAGES } from './expiry-stores.js';
import { cookiePair, SECRET } from './support.js';

after(removeStoreDirs);

/** The session number each of five requests, `everyMs` apart, is served (a new session takes the next number). */
async function sessionsSeen(name, everyMs) {
  const clock = mockClock();
  try {
    const storage = STORAGES[name]({ cookie: { secrets: [SECRET], maxAge: 20 }, idleTimeout: 400 });
    let sessions = 0;
    const app = withSession(storage, async (request, { session }) => {
      if (!session.has('n')) session.set('n', ++sessions);
      return new Response(String(session.get('n')));
    });
    let jar = '';
    const seen = [];
    for (let i = 0; i < 5; i++) {
      const response = await app(new Request('https://app.example/', { headers: jar ? { Cookie: jar } : {} }), {}, {});
      const setCookie = response.headers.get('Set-Cookie');
      if (setCookie) jar = cookiePair(setCookie);
      seen.push(Number(await response.text()));
      clock.advance(everyMs);
    }
    return seen;
  } finally {
    clock.restore();
  }
}

describe('a maxAge under the touch interval', () => {
  for (const name of Object.keys(STORAGES)) {
    it(`${name}: a session used every 15 s stays one session (maxAge 20, idleTimeout 400)`, async () => {
      assert.deepEqual(await sessionsSeen(name, 15_000), [1, 1, 1, 1, 1]);
    });
    it(`${name}: one left unused past its maxAge still ends`, async () => {
      assert.deepEqual(await sessionsSeen(name, 21_000), [1, 2, 3, 4, 5]);
    });
  }
});
