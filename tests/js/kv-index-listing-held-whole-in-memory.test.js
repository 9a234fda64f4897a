// A listing of KV keys under one prefix (a user's index of a KV storage, a cookie storage's record of a user's
// sign-ins with `revocation: { kv }`) reads at most 100 pages of kv.list (100,000 keys). Regression (hostile-store
// pass): it read every page and held them all, ~300 bytes a key, so an index a flood of writes had grown past
// ~300,000 keys (a leaked API token's, a script's) took each sign-in, listing and revocation of that user past a
// Worker isolate's 128 MB, failing the requests of every user the isolate served at the time; the KV operations
// of a call (1,000 per invocation) did not bound it first, as a page of 1,000 keys is one.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createWorkersKVSessionStorage } from '../../js/index.node.js';
import { userDigest } from '../../js/user-sessions.js';
import { mapKVWithMetadata } from './map-kv.js';

const MAX_PAGES = 100;
const FLOODED_PAGES = 150;

/** KV whose listings under `flooded` (a prefix) give FLOODED_PAGES pages of made-up keys before the stored ones. */
function floodedKV(flooded, metadataOf) {
  const kv = mapKVWithMetadata();
  const { list } = kv;
  kv.pagesListed = 0;
  kv.list = async function ({ prefix = '', cursor } = {}) {
    if (!prefix.startsWith(flooded)) return list.call(kv, { prefix, cursor });
    kv.pagesListed++;
    const page = cursor === undefined ? 0 : Number(cursor);
    if (page >= FLOODED_PAGES) return list.call(kv, { prefix });
    const keys = Array.from({ length: 1000 }, (_, i) => ({ name: prefix + (page * 1000 + i + 1).toString(16).padStart(40, '0'), metadata: metadataOf(page * 1000 + i) }));
    return { keys, list_complete: false, cursor: String(page + 1) };
  };
  return kv;
}

describe('A listing of a flooded prefix', () => {
  it("reads at most 100 pages of a KV storage's user index, in a listing, a revocation and a sign-in's count", async () => {
    const kv = floodedKV(`session:user:${await userDigest('ada')}:`, (i) => ({ createdAt: 1 + i, lastSeenAt: 1 + i }));
    const storage = createWorkersKVSessionStorage({ cookie: { name: '__session', secrets: ['kv-flooded-index-secret-5a0c3e81d94b'], maxAge: 3600 }, kv, userKey: 'userId' });
    const session = await storage.getSession(null);
    session.set('userId', 'ada');
    const header = (await storage.commitSession(session)).split(';')[0];
    assert.ok(kv.pagesListed <= MAX_PAGES, `a sign-in's count listed ${kv.pagesListed} pages`);
    kv.pagesListed = 0;
    assert.equal((await storage.listUserSessions('ada')).length, MAX_PAGES * 1000);
    assert.ok(kv.pagesListed <= MAX_PAGES, `a listing listed ${kv.pagesListed} pages`);
    kv.pagesListed = 0;
    await storage.revokeUserSessions('ada');
    assert.ok(kv.pagesListed <= MAX_PAGES, `a revocation listed ${kv.pagesListed} pages`);
    assert.equal((await storage.getSession(header)).get('userId'), undefined, 'the revocation holds: its mark voids what it did not list');
  });

  it("reads at most 100 pages of a cookie storage's record of a user's sign-ins (revocation: { kv })", async () => {
    const kv = floodedKV(`edge-session:sign-in:${await userDigest('ada')}:`, () => ({}));
    // The made-up keys are no stamps (40 hex digits): the listing is what is bounded.
    const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['kv-flooded-index-secret-5a0c3e81d94b'] }, userKey: 'userId', revocation: { kv } });
    const session = await storage.getSession(null);
    session.set('userId', 'ada');
    await storage.commitSession(session);
    assert.ok(kv.pagesListed <= MAX_PAGES, `a sign-in's record listed ${kv.pagesListed} pages`);
    kv.pagesListed = 0;
    await storage.revokeUserSessions('ada');
    assert.ok(kv.pagesListed <= MAX_PAGES, `a revocation listed ${kv.pagesListed} pages`);
  });
});
