// README, "Durable Objects": "a live request waits at most 30 s in the line, then fails (a `500`)" (and Limits and
// figures: "a request waits in line at most 30 s"). A request left behind a holder that keeps the session's lease
// (a getSession never disposed, under a leaseTimeout of a minute) is answered 500 after 30 s, not at the holder's
// lease timeout, and not before.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, it } from 'node:test';
import { startWorker } from '../helpers/start-worker.js';

let worker;
before(async () => {
  worker = await startWorker({
    config: fileURLToPath(new URL('./line-wait-worker/wrangler.toml', import.meta.url)),
    secrets: { SESSION_SECRET: 'a-test-secret-of-at-least-32-characters' },
    logLevel: 'none',
  });
}, { timeout: 60_000 });
after(() => worker?.dispose());

it('a request behind a lease held past 30 s fails with a 500 after 30 s', { timeout: 120_000 }, async () => {
  const signIn = await fetch(new URL('/sign-in', worker.directUrl), { method: 'POST' });
  const cookie = signIn.headers.get('Set-Cookie').split(';')[0];
  assert.deepEqual(await (await fetch(new URL('/hold', worker.directUrl), { headers: { Cookie: cookie } })).json(), { held: 'ada' });
  const began = performance.now();
  const waited = await fetch(new URL('/visit', worker.directUrl), { headers: { Cookie: cookie } });
  const seconds = (performance.now() - began) / 1000;
  await waited.arrayBuffer();
  assert.equal(waited.status, 500);
  assert.ok(seconds >= 29.5 && seconds < 45, `answered after ${seconds.toFixed(1)} s`);
});
