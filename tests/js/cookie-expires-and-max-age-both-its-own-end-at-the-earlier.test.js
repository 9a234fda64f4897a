// README, Storages: "Records expire with the cookie's maxAge/expires ... a commit's expires beside a Max-Age ends the
// session at the earlier, on every storage"; the cookie's own `expires` beside its own `maxAge` is the same pair (the
// Set-Cookie carries both), and Cookie.expires, what the storages' own commits (withSession's, a commit without
// options) end a record at, is the earlier of the two.
// Mutation pass (s50): Cookie.expires taking now + maxAge alone, the cookie's own expires beside it dropped, went
// unnoticed; a server-side session was served past the end the app gave its cookie.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie, createMemorySessionStorage, withSession } from 'edge-session';
import { cookiePair } from './support.js';

const NOW = 1_700_000_000_000;
const secrets = ['own-expires-beside-own-max-age'.padEnd(32, '!')];

it("Cookie.expires of a cookie made with maxAge and an earlier expires is that expires", (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: NOW });
  const expires = new Date(NOW + 10_000);
  assert.equal(createCookie('c', { secrets, maxAge: 3600, expires }).expires.getTime(), expires.getTime());
  assert.equal(createCookie('c', { secrets, maxAge: 5, expires }).expires.getTime(), NOW + 5_000, 'or now + maxAge when sooner');
});

it("a memory storage's session, its cookie made with maxAge 3600 and expires in 10 s, is served for 10 s, not after", async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: NOW });
  const storage = createMemorySessionStorage({ cookie: { secrets, maxAge: 3600, expires: new Date(NOW + 10_000) } });
  const fetch = withSession(storage, async (request, { session }) => {
    if (request.method === 'POST') session.set('userId', 'ada');
    return new Response('ok');
  });
  const cookie = cookiePair((await fetch(new Request('https://app.test/', { method: 'POST' }))).headers.getSetCookie()[0]);
  t.mock.timers.tick(9_999);
  assert.equal((await storage.getSession(cookie)).get('userId'), 'ada', 'before its expires');
  t.mock.timers.tick(1);
  assert.equal((await storage.getSession(cookie)).get('userId'), undefined, 'at its expires');
});
