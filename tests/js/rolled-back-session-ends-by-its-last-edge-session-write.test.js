// README (Session lifetime, the times): "Rolling back to those libraries keeps __es__ as it is (they never update
// it): a session used there past idleTimeout, maxAge or absoluteTimeout of its last edge-session write ends when the
// app comes back to edge-session." A cookie React Router's or Remix v3's own storage wrote over ours carries our
// times as one more value: its writes there, a Max-Age of its own included, never move them, so the session is
// served back here until the limit of its last write here, and not a millisecond after. No test walked that way
// back (s51 lifetime pass: the promise was checked only for their reads of our cookie).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie as remixCookie } from '@remix-run/cookie';
import { createCookieSessionStorage as remixCookieSessionStorage } from '@remix-run/session/cookie-storage';
import { createCookieSessionStorage as reactRouterCookieSessionStorage } from 'react-router';
import { createCookieSessionStorage } from 'edge-session';
import { handClock } from '../helpers/hand-clock.js';
import { cookiePair } from './support.js';

const name = '__session';
const secrets = ['a-secret-of-thirty-two-characters'];
const clock = handClock();
const MINUTE = 60_000;

/** React Router's cookie storage, its own maxAge: one request of it, which sets `key`; the next Cookie header. */
async function reactRouterRequest(header, key) {
  const storage = reactRouterCookieSessionStorage({ cookie: { name, secrets, maxAge: 3600 } });
  const session = await storage.getSession(header);
  session.set(key, true);
  return cookiePair(await storage.commitSession(session));
}

/** Remix v3's own cookie storage: one request of it, which sets `key`; the next Cookie header. */
async function remixRequest(header, key) {
  const cookie = remixCookie(name, { secrets, maxAge: 3600 });
  const storage = remixCookieSessionStorage();
  const session = await storage.read(await cookie.parse(header));
  session.set(key, true);
  return cookiePair(await cookie.serialize(await storage.save(session)));
}

const libraries = [
  ['React Router', 'react-router', reactRouterRequest],
  ['Remix v3', 'remix-v3', remixRequest],
];
const limits = [
  ['idleTimeout', { idleTimeout: 600 }, 10 * MINUTE],
  ['absoluteTimeout', { absoluteTimeout: 600 }, 10 * MINUTE],
  ['maxAge', { cookie: { name, secrets, maxAge: 600 } }, 10 * MINUTE],
];

describe('a session used after a rollback, back on edge-session', () => {
  for (const [library, format, theirRequest] of libraries) {
    for (const [limit, options, endsAfter] of limits) {
      it(`${library}'s writes do not move our ${limit}: served until it, with their change, and fresh at it`, async () => {
        const ours = createCookieSessionStorage({ cookie: { name, secrets }, format, ...options });
        const session = await ours.getSession(null);
        session.set('user', 'ada');
        let header = cookiePair(await ours.commitSession(session)); // our last write, at the clock's start
        const start = clock.now;
        for (const minute of [4, 8]) {
          clock.now = start + minute * MINUTE; // used there: each of their writes keeps our times as they were
          header = await theirRequest(header, `at${minute}`);
        }
        clock.now = start + endsAfter - 1;
        const before = await ours.getSession(header);
        assert.equal(before.get('user'), 'ada', 'served a millisecond before the limit of our last write');
        assert.equal(before.get('at8'), true, 'with what they wrote');
        clock.now = start + endsAfter;
        assert.equal((await ours.getSession(header)).get('user'), undefined, 'ended at that limit, their writes a minute before');
      });
    }
  }
});
