// A renewal whose write fails gives its claim back (rewrite-window.js forgetRewrite) so that the next request tries
// again. But it deleted the session's note, and with it the note of a change another request had written before:
// a slow page view that read the session before that change then found no note, and its due renewal wrote back the
// session as it had read it over the change (the change was lost), which the note exists to stop
// (renewal-after-concurrent-change.test.js). One failed write of the backend (a KV 5xx, a database timeout) between
// the two is enough. The clock is Date.now, moved by hand.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage, createWorkersKVSessionStorage } from 'edge-session';
import { callbacksOf, mapBackend } from './map-backend.js';
import { mapKV } from './map-kv.js';
import { BrowserJar, visit } from '../helpers/browser-jar.js';
import { gate } from '../helpers/gate.js';
import { slowPageCart, slowPageReadDue } from '../helpers/slow-page-cart.js';
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
  describe(`a renewal whose write failed (${name})`, () => {
    it("between a change and a slow page's renewal keeps the change's note: the slow page's renewal does not put back what it read", async () => {
      const { fetch, jar, slowPage, slow } = await slowPageReadDue(makeStorage(), clock);
      assert.equal(await (await visit(jar, fetch, '/add')).text(), '2'); // the change, noted
      clock.now += 16_000; // that change's renewal is due in turn
      failing.next = true;
      const renewal = await fetch(new Request('https://example.com/', { headers: { Cookie: jar.header('https://example.com/') } }), {}, {});
      assert.equal(renewal.status, 500, 'the renewal whose write failed'); // the backend is down for that one write
      assert.equal(failing.next, false);
      slowPage.open();
      assert.equal(await (await slow).text(), '1', 'the slow page showed what it read');
      assert.equal(await (await visit(jar, fetch, '/')).text(), '2', "the slow page's renewal wrote back the session it read, over the change");
    });

    // Mutation pass (s39): a failed renewal that kept its claim put off the next request's renewal for the whole
    // window, and no test noticed (the note above is kept either way).
    it('gives its claim back: the next request, at once, renews', async () => {
      const fetch = slowPageCart(makeStorage(), gate());
      const jar = new BrowserJar();
      jar.now = () => clock.now;
      await visit(jar, fetch, '/add');
      clock.now += 20_000; // the renewal is due
      const renew = () => fetch(new Request('https://example.com/', { headers: { Cookie: jar.header('https://example.com/') } }), {}, {});
      failing.next = true;
      assert.equal((await renew()).status, 500, 'the renewal whose write failed');
      const before = written.count;
      assert.equal((await renew()).status, 200);
      assert.equal(written.count, before + 1, 'renewed by the next request');
    });

    // README (Rolling renewal): a renewal is not written only where another request of the isolate wrote the session
    // since its read; a failed write wrote nothing. Mutation pass (s51): forgetRewrite giving back the note's time but
    // not its mark went unnoticed: the failed write's mark stayed, taken for a write since the slow page's read.
    it("a renewal that failed after a slow page's read leaves that page's renewal due: it is written", async () => {
      const { fetch, jar, slowPage, slow } = await slowPageReadDue(makeStorage(), clock);
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
