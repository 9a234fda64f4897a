// Regression (audit): with idleTimeout and a cookie maxAge shorter than the touch interval (a quarter of
// idleTimeout by default), the rolling renewal, due once per touch interval, came after maxAge had ended the session:
// a user active every 15 s under maxAge 20 and idleTimeout 400 was signed out every 20-30 s (maxAge 3600 with
// idleTimeout 86400: hourly). The default touch interval is now a quarter of such a maxAge, and the rewrite window
// leaves room for it; a touchInterval given must be less than it.
// Regressions of the first fix (audit), which renewed a quarter of each session's own span in the core: the 2 s
// rewrite window still let maxAge 2 lapse on the server-side storages, and a cookie with a fixed `expires` was
// rewritten ever more often as its end neared, extending nothing.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { CookieOptionError, createCookieSessionStorage, createWorkersKVSessionStorage, withSession } from 'edge-session';
import { mapKV, mockClock, removeStoreDirs, STORAGES } from './expiry-stores.js';
import { cookiePair, SECRET } from './support.js';

after(removeStoreDirs);

/** The session number each of `count` requests, `everyMs` apart, is served (a new session takes the next number). */
async function sessionsSeen(name, { maxAge, idleTimeout, everyMs, count = 5 }) {
  const clock = mockClock();
  try {
    const storage = STORAGES[name]({ cookie: { secrets: [SECRET], maxAge }, idleTimeout });
    let sessions = 0;
    const app = withSession(storage, async (request, { session }) => {
      if (!session.has('n')) session.set('n', ++sessions);
      return new Response(String(session.get('n')));
    });
    let jar = '';
    const seen = [];
    for (let i = 0; i < count; i++) {
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
      assert.deepEqual(await sessionsSeen(name, { maxAge: 20, idleTimeout: 400, everyMs: 15_000 }), [1, 1, 1, 1, 1]);
    });
    it(`${name}: one used every 200 ms stays one session under maxAge 1 and 2 (the rewrite window leaves room)`, async () => {
      for (const [maxAge, idleTimeout] of [[2, 20], [2, 60], [1, 10]]) {
        const seen = await sessionsSeen(name, { maxAge, idleTimeout, everyMs: 200, count: 30 });
        assert.deepEqual([...new Set(seen)], [1], `maxAge ${maxAge}, idleTimeout ${idleTimeout}: ${seen.join(',')}`);
      }
    });
    it(`${name}: one left unused past its maxAge still ends`, async () => {
      assert.deepEqual(await sessionsSeen(name, { maxAge: 20, idleTimeout: 400, everyMs: 21_000 }), [1, 2, 3, 4, 5]);
    });
  }

  it('a touchInterval given at or past the cookie maxAge is a CookieOptionError', () => {
    for (const make of [createCookieSessionStorage, STORAGES.memory]) {
      assert.throws(() => make({ cookie: { secrets: [SECRET], maxAge: 10 }, idleTimeout: 60, touchInterval: 30 }), CookieOptionError);
      assert.doesNotThrow(() => make({ cookie: { secrets: [SECRET], maxAge: 10 }, idleTimeout: 60, touchInterval: 5 }));
    }
  });
});

/** Signs in, waits `startMs`, then sends 20 requests `everyMs` apart; counts the renewal Set-Cookies and KV puts. */
async function burst(makeStorage, { everyMs, startMs }) {
  const clock = mockClock();
  try {
    const kv = mapKV();
    let puts = 0;
    const put = kv.put;
    kv.put = async (...args) => (puts++, put(...args));
    const app = withSession(makeStorage(kv), async (request, { session }) => {
      if (new URL(request.url).pathname === '/login') session.set('user', 'ann');
      return new Response(String(session.get('user') ?? ''));
    });
    let jar = cookiePair((await app(new Request('https://app.example/login'), {}, {})).headers.get('Set-Cookie'));
    const putsAtSignIn = puts;
    clock.advance(startMs);
    let setCookies = 0;
    const users = [];
    for (let i = 0; i < 20; i++) {
      clock.advance(everyMs);
      const response = await app(new Request('https://app.example/', { headers: { Cookie: jar } }), {}, {});
      users.push(await response.text());
      const setCookie = response.headers.get('Set-Cookie');
      if (setCookie) (setCookies++, (jar = cookiePair(setCookie)));
    }
    return { setCookies, puts: puts - putsAtSignIn, users };
  } finally {
    clock.restore();
  }
}

describe('a cookie with a fixed expires (no maxAge) and idleTimeout 60', () => {
  const cookie = () => ({ secrets: [SECRET], expires: new Date(Date.now() + 10_000) }); // the burst ends 3 s before it
  it('cookie storage: 20 requests near its end, inside one touchInterval, write at most once', async () => {
    const { setCookies, users } = await burst(() => createCookieSessionStorage({ cookie: cookie(), idleTimeout: 60 }), { everyMs: 100, startMs: 5000 });
    assert.ok(users.every((user) => user === 'ann'), users.join());
    assert.ok(setCookies <= 1, `${setCookies} renewal Set-Cookie headers`);
  });
  it('KV storage: the same, at most one put', async () => {
    const { puts } = await burst((kv) => createWorkersKVSessionStorage({ kv, cookie: cookie(), idleTimeout: 60 }), { everyMs: 100, startMs: 5000 });
    assert.ok(puts <= 1, `${puts} KV puts`);
  });
});
