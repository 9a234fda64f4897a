// js/core-calls.js parkIdleRequests: past 256 requests' sessions holding memory, those listed are looked at once per
// 256 more listed, so that a request in flight is restored at most once per look it sleeps through, never at each
// use. Its own process (node --test runs each file in one): what earlier tests left listed would change when the
// looks come. Regression (mutation pass): a look at each new request once 256 were kept, or several looks queued at
// once, were noticed by no test (tests/js/parked-sessions-in-use.test.js has 400 in flight, which list 144: no look):
// 1,000 requests in flight were restored 7.5 times each, against 0.7.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { restoresDuring } from './restores-during.js';

const BOUND = 256; // README's figure
const tick = () => new Promise((resolve) => setImmediate(resolve));

it(`${4 * BOUND} withSession requests in flight at once, each using its session between awaits: restored less than twice each`, async () => {
  const storage = createCookieSessionStorage({ cookie: { name: '__s', secrets: ['s3cr3t'] } });
  const seed = await storage.getSession(null);
  for (let i = 0; i < 40; i++) seed.set(`key${i}`, `value number ${i}`);
  const header = (await storage.commitSession(seed)).split(';')[0];
  const handler = withSession(storage, async (_, { session }) => {
    for (let step = 0; step < 5; step++) {
      session.get(`key${step}`);
      await tick(); // a database call, in which the other requests run
      session.set('counter', step);
      await tick();
    }
    return new Response('ok');
  });
  const N = 4 * BOUND; // listed past 256: several looks
  const restores = await restoresDuring(async () => {
    const responses = await Promise.all(Array.from({ length: N }, () => handler(new Request('https://example.com/', { headers: { Cookie: header } }))));
    assert.equal(responses.length, N);
  });
  assert.ok(restores / N < 2, `${(restores / N).toFixed(2)} restores per request`);
});
