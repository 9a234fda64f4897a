// README (Session's memory): "The sessions of requests withSession and the middlewares hold are not parked so (their
// request's end frees them); past 256 of them holding memory, they are looked at once per 256 more". The count is of
// the requests' sessions holding memory now: one whose request ended (freed), or that was dropped unended and
// collected (freed by the registry), no longer counts. Regression (mutation pass): a count never lowered at a
// request's end, or at the registry's free, was noticed by no test: past 256 requests in the isolate's life, the
// sessions of requests in flight, far fewer than 256, were parked while they awaited and restored at their next read.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createCookieSessionStorage, withSession } from 'edge-session';
import { restoresDuring } from './restores-during.js';

// The collector, as --expose-gc gives it, so that the test runs under plain `node --test`.
setFlagsFromString('--expose-gc');
globalThis.gc ??= runInNewContext('gc');

const BOUND = 256; // README's figure
const SLOW = 200; // in flight at once: under the bound
const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A cookie storage and the Cookie header of a 40-key session in it. */
async function fortyKeySession() {
  const storage = createCookieSessionStorage({ cookie: { name: '__s', secrets: ['s3cr3t'] } });
  const seed = await storage.getSession(null);
  for (let i = 0; i < 40; i++) seed.set(`key${i}`, `value number ${i}`);
  return { storage, header: (await storage.commitSession(seed)).split(';')[0] };
}

/**
 * After `before()`, SLOW requests wait in flight while 3 * BOUND others run one at a time (each ends before the next:
 * at most SLOW + 1 hold memory at once), then read their session again. The restores those reads needed: 0 when none
 * of the waiting requests' sessions was parked.
 */
async function restoresOfWaitingRequests({ storage, header }, before) {
  const request = () => new Request('https://example.com/', { headers: { Cookie: header } });
  await before(request);
  let open;
  const gate = new Promise((resolve) => (open = resolve));
  const slow = withSession(storage, async (_, { session }) => {
    session.get('key1');
    await gate; // a slow database call
    return new Response(session.get('key2'));
  });
  const quick = withSession(storage, async (_, { session }) => new Response(session.get('key1')));
  return restoresDuring(async () => {
    const waiting = Array.from({ length: SLOW }, () => slow(request()));
    await tick();
    for (let i = 0; i < 3 * BOUND; i++) assert.equal(await (await quick(request())).text(), 'value number 1');
    open();
    for (const response of await Promise.all(waiting)) assert.equal(await response.text(), 'value number 2');
  });
}

describe('the requests counted toward the bound are those whose session holds memory now', () => {
  it(`after ${2 * BOUND} requests that ended: ${SLOW} requests in flight are not parked`, async () => {
    const session = await fortyKeySession();
    const restores = await restoresOfWaitingRequests(session, async (request) => {
      const handler = withSession(session.storage, async (_, { session: own }) => new Response(own.get('key0')));
      for (let i = 0; i < 2 * BOUND; i++) await handler(request());
    });
    assert.equal(restores, 0);
  });

  it(`after ${2 * BOUND} requests that never ended, dropped and collected: ${SLOW} requests in flight are not parked`, async () => {
    assert.ok(globalThis.gc, 'the collector is exposed');
    const session = await fortyKeySession();
    const restores = await restoresOfWaitingRequests(session, async (request) => {
      const hung = withSession(session.storage, async (_, { session: own }) => {
        own.get('key0');
        await new Promise(() => {}); // a request the runtime cancelled: its handler never settles
        return new Response('never');
      });
      for (let i = 0; i < 2 * BOUND; i++) hung(request());
      for (let i = 0; i < 5; i++) {
        globalThis.gc();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    });
    assert.equal(restores, 0);
  });

});
