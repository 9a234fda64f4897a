// The example's default session lifetime, inside workerd with no SESSION_IDLE_TIMEOUT or SESSION_ABSOLUTE_TIMEOUT.
// README (The example): a session ends when it is left unused for the idle timeout (30 minutes) or at its absolute
// timeout (8 hours); session-storage.js: OWASP's low-risk defaults. Waiting them out is too slow for a test, so each
// case is a cookie signed with the Worker's secret whose times (`__es__`: [created, touched, expires], README Session
// lifetime) put it a minute either side of a bound: the one inside counts on from its visits, the one past it is a
// fresh session. example-lifetime.test.js sets both timeouts through [vars]. Mutation pass (s48): the two defaults
// swapped (an 8-hour idle timeout) went unnoticed.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { signedCookieHeader } from '../js/support.js';
import { startWorker } from '../helpers/start-worker.js';

const SECRET = 'example-default-lifetime-secret-83c1f0';
const MINUTE = 60_000;
const SEVEN_DAYS = 7 * 24 * 60 * MINUTE;

let worker;
before(async () => {
  worker = await startWorker({ secrets: { SESSION_SECRET: SECRET } });
}, { timeout: 45_000 });
after(() => worker?.dispose());

/** The visit count the page shows for a session of 5 visits begun `createdAgo` ms ago and last used `touchedAgo` ms ago. */
async function visitsShown(createdAgo, touchedAgo) {
  const now = Date.now();
  const json = JSON.stringify({ visits: 5, __es__: [now - createdAgo, now - touchedAgo, now + SEVEN_DAYS] });
  const response = await fetch(new URL('/', worker.url), { headers: { Cookie: signedCookieHeader('__Host-session', json, SECRET) } });
  return Number(/data-visits="(\d+)"/.exec(await response.text())[1]);
}

it('a session unused for 29 minutes counts on; one unused for 31 minutes is a fresh session', { timeout: 20_000 }, async () => {
  assert.equal(await visitsShown(29 * MINUTE, 29 * MINUTE), 6, 'the control: the forged session is read');
  assert.equal(await visitsShown(31 * MINUTE, 31 * MINUTE), 1, 'idle past 30 minutes, still open');
});

it('a session in use since 7 h 59 min ago counts on; one since 8 h 1 min ago is a fresh session', { timeout: 20_000 }, async () => {
  assert.equal(await visitsShown(8 * 60 * MINUTE - MINUTE, MINUTE), 6, 'ended before its 8 hours');
  assert.equal(await visitsShown(8 * 60 * MINUTE + MINUTE, MINUTE), 1, 'past its 8 hours, still open');
});
