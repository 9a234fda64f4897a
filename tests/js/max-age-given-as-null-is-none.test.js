// A cookie's maxAge given as null is no maxAge, as in its Set-Cookie (no Max-Age; the core resets it) and as
// `options given as null are none` elsewhere: Cookie.expires is then its expires (undefined for none), and a
// server-side session of such a cookie lives as one without maxAge does (README, Storages: records expire with the
// cookie's maxAge/expires).
// Mutation pass (s50): Cookie.expires taking only undefined for no maxAge went unnoticed; null was refused as
// INVALID_MAX_AGE there, and every commit of a server-side storage made with `maxAge: null` threw, while the
// cookie's serialize wrote it without Max-Age.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie, createMemorySessionStorage } from 'edge-session';
import { cookiePair } from './support.js';

const secrets = ['max-age-given-as-null-is-none'.padEnd(32, '!')];

it('Cookie.expires of maxAge: null is its expires, or undefined without one', async () => {
  assert.equal(createCookie('c', { secrets, maxAge: null }).expires, undefined);
  const expires = new Date(Date.now() + 60_000);
  assert.equal(createCookie('c', { secrets, maxAge: null, expires }).expires.getTime(), expires.getTime());
  assert.doesNotMatch(await createCookie('c', { secrets, maxAge: null }).serialize('v'), /Max-Age/i);
});

it('a memory storage whose cookie has maxAge: null commits a session that reads back, its cookie without Max-Age', async () => {
  const storage = createMemorySessionStorage({ cookie: { secrets, maxAge: null } });
  const session = await storage.getSession(null);
  session.set('userId', 'ada');
  const setCookie = await storage.commitSession(session);
  assert.doesNotMatch(setCookie, /Max-Age|Expires/i);
  assert.equal((await storage.getSession(cookiePair(setCookie))).get('userId'), 'ada');
});
