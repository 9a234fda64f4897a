// Durable Objects, issue 14: a session committed concurrently with a revocation is listed and revoked, or refused,
// never left alive. The index refuses a commit it no longer lists; one listed before the revocation reached it
// reaches the session's object after, whose mark must refuse the write: a new ID's create, its write without a
// lease (regenerateId), and the write of the request holding the lease. The revocation lands here on the object
// alone, between the listing and the write. Regression (mutation pass): no test held any of the three, and a store
// that let them through passed every test, the session alive and unlisted.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CookieJar } from '../helpers/cookie-jar.js';
import { startWorker } from '../helpers/start-worker.js';
import { jsonOrText } from '../helpers/json-or-text.js';

let worker;
before(async () => {
  worker = await startWorker({ config: fileURLToPath(new URL('./do-lifecycle-worker/wrangler.toml', import.meta.url)), logLevel: process.env.LOG ?? 'none' });
}, { timeout: 60_000 });
after(() => worker?.dispose());

async function call(jar, action, query = {}) {
  const url = new URL(`/do/${action}`, worker.url);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  const { response, setCookies } = await jar.fetch(url, { method: action === 'stored' || action === 'list' ? 'GET' : 'POST' });
  return { status: response.status, body: await jsonOrText(response), set: setCookies.find((cookie) => cookie.name === '__session') };
}

function idIn(setCookie) {
  const value = decodeURIComponent(setCookie.value);
  return JSON.parse(Buffer.from(value.slice(0, value.lastIndexOf('.')), 'base64').toString('utf8'));
}

describe('A sign-in whose new ID a revocation ends before its commit writes it (Durable Objects)', () => {
  // A visitor's first sign-in creates its record (create-if-absent); a signed-in device's regenerateId(true)
  // writes the new ID's without a lease.
  for (const [label, signedInBefore] of [['a fresh visitor (its record created)', false], ['a signed-in device (its new ID written without a lease)', true]]) {
    it(`${label}: nothing is written under that ID, and no cookie or listing names it`, { timeout: 60_000 }, async () => {
      const user = `revoked-new-id-${process.pid}-${signedInBefore}`;
      const jar = new CookieJar();
      assert.equal((await call(jar, signedInBefore ? 'login' : 'me', { user })).status, 200);
      const answer = await call(jar, 'regen-revoked', { user });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      const newId = answer.body.id;
      assert.match(newId, /^[0-9a-f]{40}$/);
      const stored = (await call(new CookieJar(), 'stored', { id: newId })).body;
      assert.equal(stored.session, null, 'no record under the revoked ID');
      assert.ok(stored.revoked > Date.now(), "the revocation's mark stays");
      assert.equal(stored.alarm, stored.revoked, 'and ends: its alarm is set at its end');
      // The sign-in itself stands, under an ID of its own (a sign-in after the revocation): never the revoked one.
      assert.notEqual(answer.set && idIn(answer.set), newId, 'no cookie names the revoked ID');
      const listed = (await call(new CookieJar(), 'list', { user })).body.map((entry) => entry.id);
      assert.ok(!listed.includes(newId), 'the revoked ID is not listed');
      assert.notEqual((await call(jar, 'me')).body.id, newId);
    });
  }
});

// The same for the session a request holds: the revocation does not wait for its lease (the revoking request may
// hold it), so the object refuses the holder's write. Regression (mutation pass): the index refused such a commit
// in every test first, and a store that let the write through passed them all.
describe("A change of a session a revocation ends while the request holds its lease, after the index listed it (Durable Objects)", () => {
  it('writes nothing: the session stays ended, and the device is signed out', { timeout: 60_000 }, async () => {
    const user = `revoked-held-${process.pid}`;
    const jar = new CookieJar();
    assert.equal((await call(jar, 'login', { user })).status, 200);
    const { id } = (await call(jar, 'me')).body;
    assert.match(id, /^[0-9a-f]{40}$/);
    const answer = await call(jar, 'incr-revoked');
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.id, id);
    assert.equal((await call(new CookieJar(), 'stored', { id })).body.session, null, 'no record written back');
    // Answered as a commit refused because its session ended meanwhile: no cookie.
    assert.equal(answer.set, undefined, 'no cookie for the revoked session');
    const after = (await call(jar, 'me')).body;
    assert.deepEqual([after.user, after.count], [null, null], 'the device is signed out');
  });
});

// A logout under the lease deletes the record, not the mark (which would refuse no later write). Regression
// (mutation pass): no test looked at the mark after a logout.
describe("A logout of a session a revocation ends while the request holds its lease (Durable Objects)", () => {
  it("keeps the revocation's mark, and its alarm at its end", { timeout: 60_000 }, async () => {
    const jar = new CookieJar();
    assert.equal((await call(jar, 'login', { user: `revoked-logout-${process.pid}` })).status, 200);
    const { id } = (await call(jar, 'me')).body;
    assert.equal((await call(jar, 'logout-revoked')).status, 200);
    const stored = (await call(new CookieJar(), 'stored', { id })).body;
    assert.equal(stored.session, null);
    assert.ok(stored.revoked > Date.now(), "the revocation's mark stays");
    assert.equal(stored.alarm, stored.revoked);
  });
});
