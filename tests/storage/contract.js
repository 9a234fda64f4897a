// The behaviour every server-side (ID-in-cookie) storage shares, as one suite each storage's test file runs
// against its own backend. Not a test file itself (node --test only runs *.test.js).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { issueSessionId } from '../../js/internal.js';
import { isExpiring, parseSetCookie } from '../helpers/cookie-jar.js';
import { commitNew, COOKIE_NAME, cookiePair, idOf, readFresh, readSession, SECRET, signedCookie, sleep } from './support.js';

const RANDOM_ID = /^[0-9a-f]{40}$/; // 128 random bits and the cookie name tag (issue 3)

/**
 * @param {string} label
 * @param {(cookie: object) => Promise<{ storage: object, stored: (id: string) => Promise<boolean> }>} setup
 *   makes a storage with that cookie option; `stored(id)` says whether the backend still holds a record for id
 * @param {{ idPattern?: RegExp, backendIds?: boolean }} [options] `backendIds`: the backend makes every record's ID
 *   (createSessionStorage's createData), a regenerated one's too
 */
export function describeIdStorage(label, setup, { idPattern = RANDOM_ID, backendIds = false } = {}) {
  const cookieOptions = { name: COOKIE_NAME, secrets: [SECRET], maxAge: 3600 };

  describe(`${label}: the shared ID-storage contract`, () => {
    it('gives a new session a new ID, stored by its first commit (createData\'s instead, when the backend makes them)', async () => {
      const { storage, stored } = await setup(cookieOptions);
      const session = await storage.getSession(null);
      assert.equal(session.id, '', 'no ID until its first commit (issues 2 and 3)');
      session.set('user', 'mj');
      const setCookie = await storage.commitSession(session);
      const committedId = session.id;
      session.dispose();
      const id = idOf(setCookie);
      assert.match(id, idPattern);
      assert.equal(committedId, id, 'the session has the ID its cookie names');
      assert.equal(await stored(id), true);
      assert.equal(parseSetCookie(setCookie).attributes['max-age'], '3600');
    });

    it('reads back what a commit stored, under the same ID', async () => {
      const { storage } = await setup(cookieOptions);
      const setCookie = await commitNew(storage, { user: 'mj', cart: [1, 2, { sku: 'é✓' }] });
      assert.deepEqual(await readSession(storage, cookiePair(setCookie)), {
        id: idOf(setCookie),
        data: { user: 'mj', cart: [1, 2, { sku: 'é✓' }] },
      });
    });

    it('updates the stored record in place: the ID stays, the data changes', async () => {
      const { storage } = await setup(cookieOptions);
      const first = await commitNew(storage, { n: 1 });
      const session = await storage.getSession(cookiePair(first));
      session.set('n', 2);
      session.unset('missing');
      const second = await storage.commitSession(session);
      session.dispose();
      assert.equal(idOf(second), idOf(first));
      assert.deepEqual((await readSession(storage, cookiePair(second))).data, { n: 2 });
    });

    it('keeps flash data for exactly one later request', async () => {
      const { storage } = await setup(cookieOptions);
      const setCookie = await commitNew(storage, { user: 'mj' });
      const writer = await storage.getSession(cookiePair(setCookie));
      writer.flash('notice', 'Saved');
      await storage.commitSession(writer);
      writer.dispose();
      const reader = await storage.getSession(cookiePair(setCookie));
      assert.equal(reader.get('notice'), 'Saved');
      assert.equal(reader.dirty, true, 'incoming flash makes the session dirty so it gets cleared');
      await storage.commitSession(reader);
      reader.dispose();
      const later = await readSession(storage, cookiePair(setCookie));
      assert.deepEqual(later.data, { user: 'mj' });
    });

    it('regenerateId(true) moves the data to a new ID and deletes the old record at commit', async () => {
      const { storage, stored } = await setup(cookieOptions);
      const before = await commitNew(storage, { user: 'mj' });
      const oldId = idOf(before);
      const session = await storage.getSession(cookiePair(before));
      session.regenerateId(true);
      const newId = session.id;
      assert.match(newId, RANDOM_ID);
      assert.equal(await stored(oldId), true, 'nothing is deleted before the commit');
      const after = await storage.commitSession(session);
      const committedId = session.id;
      session.dispose();
      // Created by the backend when it makes the IDs, under its ID, which the session then has.
      assert.equal(idOf(after), backendIds ? committedId : newId);
      assert.notEqual(idOf(after), oldId);
      assert.equal(await stored(oldId), false, 'the old record is gone');
      assert.deepEqual(await readSession(storage, cookiePair(after)), { id: idOf(after), data: { user: 'mj' } });
      await readFresh(storage, cookiePair(before), { notIds: [oldId, idOf(after)], stored }, 'the old cookie opens nothing');
    });

    it('regenerateId() without deleteOldSession leaves the old record alone', async () => {
      const { storage, stored } = await setup(cookieOptions);
      const before = await commitNew(storage, { user: 'mj' });
      const session = await storage.getSession(cookiePair(before));
      session.regenerateId();
      const after = await storage.commitSession(session);
      session.dispose();
      assert.notEqual(idOf(after), idOf(before));
      assert.equal(await stored(idOf(before)), true);
    });

    it('destroySession deletes the record and returns an expiring cookie', async () => {
      const { storage, stored } = await setup(cookieOptions);
      const setCookie = await commitNew(storage, { user: 'mj' });
      const session = await storage.getSession(cookiePair(setCookie));
      const cleared = await storage.destroySession(session);
      session.dispose();
      const parsed = parseSetCookie(cleared);
      assert.equal(parsed.name, COOKIE_NAME);
      assert.equal(parsed.value, '');
      assert.ok(isExpiring(parsed), `expiring cookie: ${cleared}`);
      assert.equal(await stored(idOf(setCookie)), false);
      await readFresh(storage, cookiePair(setCookie), { notIds: [idOf(setCookie)], stored });
    });

    it('committing a destroyed session deletes it too (what withSession does after destroy())', async () => {
      const { storage, stored } = await setup(cookieOptions);
      const setCookie = await commitNew(storage, { user: 'mj' });
      const session = await storage.getSession(cookiePair(setCookie));
      session.destroy();
      const cleared = await storage.commitSession(session);
      session.dispose();
      assert.ok(isExpiring(parseSetCookie(cleared)));
      assert.equal(await stored(idOf(setCookie)), false);
    });

    it('never serves a record past its expiry', async () => {
      const { storage, stored } = await setup(cookieOptions);
      const expires = new Date(Date.now() + 300);
      const setCookie = await commitNew(storage, { user: 'mj' }, { expires });
      assert.equal((await readSession(storage, cookiePair(setCookie))).data.user, 'mj', 'served before expiry');
      // Limits are whole seconds, passed once the clock's second is past the expiry's: at most a second late.
      await sleep((Math.floor(expires.getTime() / 1000) + 1) * 1000 + 50 - Date.now());
      await readFresh(storage, cookiePair(setCookie), { notIds: [idOf(setCookie)], stored });
    });

    it('gives a validly signed but unknown ID a fresh session, and its commit a new ID (never the client’s)', async () => {
      const { storage, stored } = await setup(cookieOptions);
      const forgedId = issueSessionId(COOKIE_NAME, 'feedface'.repeat(4)); // of this cookie: the store is asked for it
      await readFresh(storage, signedCookie(forgedId), { notIds: [forgedId], stored });
      const session = await storage.getSession(signedCookie(forgedId));
      session.set('user', 'attacker');
      const setCookie = await storage.commitSession(session);
      session.dispose();
      assert.notEqual(idOf(setCookie), forgedId);
      assert.match(idOf(setCookie), idPattern);
      assert.equal(await stored(forgedId), false, 'nothing was written under the forged ID');
    });

    it('ignores a cookie signed with another secret', async () => {
      const { storage, stored } = await setup(cookieOptions);
      const setCookie = await commitNew(storage, { user: 'mj' });
      const forged = signedCookie(idOf(setCookie), { secret: 'not-the-secret' });
      await readFresh(storage, forged, { notIds: [idOf(setCookie)], stored });
    });

    it('gives values of any JSON id type or shape in the cookie a fresh session', async () => {
      const { storage, stored } = await setup(cookieOptions);
      for (const value of [42, null, ['a'], { id: 'x' }, '', 'x'.repeat(5000)]) {
        await readFresh(storage, signedCookie(value), { stored }, JSON.stringify(value).slice(0, 40));
      }
    });
  });
}
