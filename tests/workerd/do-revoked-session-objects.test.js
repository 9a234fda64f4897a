// Durable Objects, issue 14: a session committed concurrently with a revocation is listed and revoked, or refused,
// never left alive. The index refuses a commit it no longer lists; one listed before the revocation reached it
// reaches the session's object after, whose mark must refuse the write: a new ID's create, its write without a
// lease (regenerateId), and the write of the request holding the lease. The revocation lands here on the object
// alone, between the listing and the write. Regression (mutation pass): no test held any of the three, and a store
// that let them through passed every test, the session alive and unlisted.
//
// Durable Objects: a logout whose lease lapsed, or whose object was reset (a deploy) since its read, is made as a
// later destroy, in line and only if nobody wrote since (removeIfUnchanged). A revocation that ended the session
// meanwhile is not such a write: the session is ended either way, so the logout succeeds. Regression (mutation
// pass): no test held it, and an object answering `removed: false` for a revoked session passed them all, the logout
// then failing (SESSION_CHANGED after a reset, the lapsed lease's error otherwise).
//
// A cookie storage's `revocation: { namespace }` sharing its namespace with a Durable Object storage ends that
// storage's sessions of the user too (README: "a revocation from either ends both kinds"). Should one's object fail to
// be revoked, the session is still alive, pending in the user's index: the revocation rejects, as the Durable Object
// storage's own does, and the next one ends it. The device `except` keeps is recorded either way. Regression
// (mutation pass): no test held it, and a revocation that left the ending running unawaited resolved to its count,
// the session still signed in.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CookieJar, isExpiring } from '../helpers/cookie-jar.js';
import { startWorker } from '../helpers/start-worker.js';
import { jsonOrText } from '../helpers/json-or-text.js';

let worker;
before(async () => {
  worker = await startWorker({ config: fileURLToPath(new URL('./do-lifecycle-worker/wrangler.toml', import.meta.url)), logLevel: process.env.LOG ?? 'none' });
}, { timeout: 60_000 });
after(() => worker?.dispose());

/** The worker's reads, asked by GET; its other actions are POSTs. */
const READS = new Set(['stored', 'list', 'index', 'me']);

async function call(jar, store, action, query = {}) {
  const url = new URL(`/${store}/${action}`, worker.url);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  const { response, setCookies } = await jar.fetch(url, { method: READS.has(action) ? 'GET' : 'POST' });
  return { status: response.status, body: await jsonOrText(response), set: setCookies.find((cookie) => cookie.name === '__session') };
}
async function ok(jar, store, action, query) {
  const answer = await call(jar, store, action, query);
  assert.equal(answer.status, 200, `${store}/${action}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
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
      assert.equal((await call(jar, 'do', signedInBefore ? 'login' : 'me', { user })).status, 200);
      const answer = await call(jar, 'do', 'regen-revoked', { user });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      const newId = answer.body.id;
      assert.match(newId, /^[0-9a-f]{40}$/);
      const stored = (await call(new CookieJar(), 'do', 'stored', { id: newId })).body;
      assert.equal(stored.session, null, 'no record under the revoked ID');
      assert.ok(stored.revoked > Date.now(), "the revocation's mark stays");
      assert.equal(stored.alarm, stored.revoked, 'and ends: its alarm is set at its end');
      // The sign-in itself stands, under an ID of its own (a sign-in after the revocation): never the revoked one.
      assert.notEqual(answer.set && idIn(answer.set), newId, 'no cookie names the revoked ID');
      const listed = (await call(new CookieJar(), 'do', 'list', { user })).body.map((entry) => entry.id);
      assert.ok(!listed.includes(newId), 'the revoked ID is not listed');
      assert.notEqual((await call(jar, 'do', 'me')).body.id, newId);
    });
  }
});

// A sign-in stamped before the time of its user's last revocation (another isolate's, its clock ahead) is refused by
// the user's index: no object of the session was revoked (none was listed), so the index's answer is all that refuses
// it (README: a commit the index no longer lists is refused, unless it is a sign-in made after the revocation; a mark
// ahead of the clock fails closed). Mutation pass (s44): the storage ignoring the index's refusal went unnoticed; the
// sign-in was written, signed in and unlisted, out of reach of the user's revocations.
describe('A sign-in stamped before the time of a revocation another isolate made, its clock ahead (Durable Objects)', () => {
  it('is refused: no cookie, nothing listed, the device not signed in', { timeout: 60_000 }, async () => {
    const user = `signed-in-before-revocation-${process.pid}`;
    const jar = new CookieJar();
    const answer = await call(jar, 'do', 'login-after-revocation-ahead', { user });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.set, undefined, 'no cookie for the refused sign-in');
    assert.deepEqual((await call(new CookieJar(), 'do', 'list', { user })).body, []);
    assert.equal((await call(jar, 'do', 'me')).body.user, null);
  });
});

// The same for the session a request holds: the revocation does not wait for its lease (the revoking request may
// hold it), so the object refuses the holder's write. Regression (mutation pass): the index refused such a commit
// in every test first, and a store that let the write through passed them all.
describe("A change of a session a revocation ends while the request holds its lease, after the index listed it (Durable Objects)", () => {
  it('writes nothing: the session stays ended, and the device is signed out', { timeout: 60_000 }, async () => {
    const user = `revoked-held-${process.pid}`;
    const jar = new CookieJar();
    assert.equal((await call(jar, 'do', 'login', { user })).status, 200);
    const { id } = (await call(jar, 'do', 'me')).body;
    assert.match(id, /^[0-9a-f]{40}$/);
    const answer = await call(jar, 'do', 'incr-revoked');
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.id, id);
    assert.equal((await call(new CookieJar(), 'do', 'stored', { id })).body.session, null, 'no record written back');
    // Answered as a commit refused because its session ended meanwhile: no cookie.
    assert.equal(answer.set, undefined, 'no cookie for the revoked session');
    const after = (await call(jar, 'do', 'me')).body;
    assert.deepEqual([after.user, after.count], [null, null], 'the device is signed out');
  });
});

// A logout under the lease deletes the record, not the mark (which would refuse no later write). Regression
// (mutation pass): no test looked at the mark after a logout.
describe("A logout of a session a revocation ends while the request holds its lease (Durable Objects)", () => {
  it("keeps the revocation's mark, and its alarm at its end", { timeout: 60_000 }, async () => {
    const jar = new CookieJar();
    assert.equal((await call(jar, 'do', 'login', { user: `revoked-logout-${process.pid}` })).status, 200);
    const { id } = (await call(jar, 'do', 'me')).body;
    assert.equal((await call(jar, 'do', 'logout-revoked')).status, 200);
    const stored = (await call(new CookieJar(), 'do', 'stored', { id })).body;
    assert.equal(stored.session, null);
    assert.ok(stored.revoked > Date.now(), "the revocation's mark stays");
    assert.equal(stored.alarm, stored.revoked);
  });
});

describe('A logout of a session a revocation ended while the request held it (Durable Objects)', () => {
  // `logout-revoked`: the handler revokes the session's object (as revokeUserSessions of another device does), then
  // destroys the session. The lapsing store's lease lapses within the handler's 700 ms; `reset` resets the object
  // after the handler ran, before withSession commits.
  for (const [label, store, query] of [
    ['its lease lapsed', 'lapsing', { ms: '700' }],
    ['its object reset since the read (a deploy)', 'do', { reset: '1' }],
  ]) {
    it(`${label}: succeeds, its cookie cleared, the revocation's mark kept`, { timeout: 60_000 }, async () => {
      const jar = new CookieJar();
      assert.equal((await call(jar, 'do', 'login', { user: `logout-revoked-${store}-${process.pid}` })).status, 200);
      const { id } = (await call(jar, 'do', 'me')).body;
      assert.match(id, /^[0-9a-f]{40}$/);
      const answer = await call(jar, store, 'logout-revoked', query);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.ok(answer.set && isExpiring(answer.set), 'the logout clears the cookie');
      const stored = (await call(new CookieJar(), 'do', 'stored', { id })).body;
      assert.equal(stored.session, null);
      assert.ok(stored.revoked > Date.now(), "the revocation's mark stays");
    });
  }
});

async function device(store, user) {
  const jar = new CookieJar();
  assert.equal((await ok(jar, store, 'login', { user })).user, user);
  return jar;
}

describe("A cookie storage's revocation (revocation: { namespace }) whose revoke() of a Durable Object storage's session object fails", () => {
  it('rejects, the session pending in the index, the kept device signed in; the next revocation ends it', { timeout: 60_000 }, async () => {
    const user = `cookie-revocation-unended-${process.pid}`;
    const onDo = await device('do', user);
    const kept = await device('cookie', user);
    const other = await device('cookie', user);
    const { id } = await ok(onDo, 'do', 'me');
    // Its next two revoke()s throw: the revocation's, and that of the kept device's sign-in, recorded after it, which
    // ends the user's pending sessions too.
    await ok(new CookieJar(), 'do', 'arm', { id, method: 'revoke', times: '2' });
    const first = await ok(kept, 'cookie', 'revoke', { user, except: '1' });
    assert.match(String(first.error), /injected/, `the revocation rejects: ${JSON.stringify(first)}`);
    assert.deepEqual((await ok(new CookieJar(), 'do', 'index', { user })).pending, [id], 'the session is pending');
    assert.equal((await ok(onDo, 'do', 'me')).user, user, 'still signed in: why the revocation rejected');
    assert.equal((await ok(other, 'cookie', 'me')).user, null, 'the cookie session is revoked');
    assert.equal((await ok(kept, 'cookie', 'me')).user, user, 'the kept device is signed in');
    const second = await ok(kept, 'cookie', 'revoke', { user, except: '1' });
    assert.equal(second.error, undefined, second.error);
    assert.equal((await ok(onDo, 'do', 'me')).user, null, 'the next revocation ends it');
    assert.equal((await ok(kept, 'cookie', 'me')).user, user);
  });
});
