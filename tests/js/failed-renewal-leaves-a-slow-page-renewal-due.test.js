// A renewal whose write fails gives its claim back (rewrite-window.js forgetRewrite): "not written: the next request
// tries again". README (Rolling renewal): a renewal is not written only where another request of the isolate wrote
// the session since its read; a failed write wrote nothing. So a slow page that read the session before another
// request's renewal failed still renews it when it answers, past the window.
// Mutation pass (s51): forgetRewrite giving back the note's time but not its mark went unnoticed: the failed write's
// mark stayed, taken for a write since the slow page's read, and its due renewal was not made.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage, createWorkersKVSessionStorage } from 'edge-session';
import { callbacksOf, mapBackend } from './map-backend.js';
import { mapKV } from './map-kv.js';
import { BrowserJar, visit } from '../helpers/browser-jar.js';
import { gate } from '../helpers/gate.js';
import { slowPageCart } from '../helpers/slow-page-cart.js';
import { handClock } from '../helpers/hand-clock.js';

const options = { cookie: { name: '__session', secrets: ['s3cr3t-of-thirty-two-characters!!!'] }, idleTimeout: 60 }; // renewal due after 15 s
const failing = { next: false };
const written = { count: 0 }; // the backend's successful writes
const storages = {
  kv: () => {
    const kv = mapKV();
    const put = kv.put.bind(kv);
    kv.put = async (...args) => {
      if (failing.next) {
        failing.next = false;
        throw new Error('KV PUT failed: 503');
      }
      written.count++;
      return put(...args);
    };
    return createWorkersKVSessionStorage({ ...options, kv });
  },
  callbacks: () => {
    const callbacks = callbacksOf(mapBackend());
    const updateData = callbacks.updateData;
    callbacks.updateData = async (...args) => {
      if (failing.next) {
        failing.next = false;
        throw new Error('database timeout');
      }
      written.count++;
      return updateData(...args);
    };
    return createSessionStorage({ ...options, ...callbacks });
  },
};

const clock = handClock();

for (const [name, makeStorage] of Object.entries(storages)) {
  describe(`a renewal that failed after a slow page's read (${name})`, () => {
    it("leaves the slow page's renewal due: it is written", async () => {
      const slowPage = gate();
      const fetch = slowPageCart(makeStorage(), slowPage);
      const jar = new BrowserJar();
      jar.now = () => clock.now;
      assert.equal(await (await visit(jar, fetch, '/add')).text(), '1');
      clock.now += 20_000; // the renewal is due
      const slow = visit(jar, fetch, '/slow');
      await slowPage.reached;
      failing.next = true;
      const renewal = await fetch(new Request('https://example.com/', { headers: { Cookie: jar.header('https://example.com/') } }), {}, {});
      assert.equal(renewal.status, 500, 'the renewal whose write failed');
      assert.equal(failing.next, false);
      clock.now += 2_000; // past the renewal window
      const before = written.count;
      slowPage.open();
      assert.equal(await (await slow).text(), '1');
      assert.equal(written.count, before + 1, "the slow page's renewal was written");
    });
  });
}
