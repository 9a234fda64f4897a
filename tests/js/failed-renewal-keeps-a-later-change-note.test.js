// A renewal whose write fails gives its claim back (js/rewrite-window.js forgetRewrite), but only while the note is
// still its own: a change another request noted while that write was in flight stays noted, so that a slow page that
// read the session before the change does not renew it over the change. Mutation pass (s44): the check "noted again
// since" dropped, the failed renewal, the first note of its key in this isolate's window, deleted the change's note,
// and the slow page's renewal wrote back the cart it had read; no test noticed (failed-renewal-forgets-change-note
// has the change noted before the renewal claims; on Workers KV the change waits behind the failing write and is
// noted again once written, so this is on the callback storage). The clock is Date.now, moved by hand.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage } from 'edge-session';
import { callbacksOf, mapBackend } from './map-backend.js';
import { BrowserJar, visit } from '../helpers/browser-jar.js';
import { gate } from '../helpers/gate.js';
import { slowPageCart } from '../helpers/slow-page-cart.js';
import { handClock } from '../helpers/hand-clock.js';

const options = { cookie: { name: '__session', secrets: ['s3cr3t-of-thirty-two-characters!!!'] }, idleTimeout: 60 }; // renewal due after 15 s
const clock = handClock();

/** Callbacks that look `backend`'s methods up at each call, so that one replaced later is the one called. */
const lateBound = (backend) => ({
  createData: (...args) => backend.createData(...args),
  readData: (...args) => backend.readData(...args),
  updateData: (...args) => backend.updateData(...args),
  deleteData: (...args) => backend.deleteData(...args),
});

describe('a renewal whose write fails after another request noted a change', () => {
  it("leaves the change's note: a slow page that read before the change does not renew over it", async () => {
    const backend = callbacksOf(mapBackend()); // a database's callbacks: no line of writes per key, as KV has
    const jar = new BrowserJar();
    jar.now = () => clock.now;
    // Signed in through another isolate's storage: this one's window has no note of the session yet.
    assert.equal(await (await visit(jar, slowPageCart(createSessionStorage({ ...options, ...lateBound(backend) }), gate()), '/add')).text(), '1');
    const slowPage = gate();
    const fetch = slowPageCart(createSessionStorage({ ...options, ...lateBound(backend) }), slowPage);
    clock.now += 20_000; // the renewal is due
    const slow = visit(jar, fetch, '/slow'); // reads the cart (1), then renders for long
    await slowPage.reached;
    // The renewal's write is under way, and then fails (a database timeout).
    const { updateData } = backend;
    const renewalWrite = gate();
    backend.updateData = async () => {
      backend.updateData = updateData;
      await renewalWrite.pass();
      throw new Error('database timeout');
    };
    const renewal = fetch(new Request('https://example.com/', { headers: { Cookie: jar.header('https://example.com/') } }), {}, {});
    await renewalWrite.reached;
    // The change, written while the renewal's write is in flight.
    assert.equal(await (await visit(jar, fetch, '/add')).text(), '2');
    renewalWrite.open();
    assert.equal((await renewal).status, 500, 'the renewal whose write failed');
    slowPage.open();
    assert.equal(await (await slow).text(), '1', 'the slow page showed what it read');
    assert.equal(await (await visit(jar, fetch, '/')).text(), '2', "the slow page's renewal wrote back the cart it read, over the change");
  });
});
