// A user's index file (`dir/users/<digest>.json`) whose entry holds times that are no numbers (a hand edit, another
// version or app) is listed with numbers for them, as Workers KV's index keys are (kv-index-metadata-of-wrong-type-
// listed-as-is) and createSessionStorage's index is: a time that is no finite number is none (0; an expiry: none),
// and the session is still ended by a revocation (README Security model: an index of another shape is read without
// those parts, the user lists and revokes as before; Signing out everywhere: createdAt and lastSeenAt are ms).
// Regression (s52 hostile-input pass): listUserSessions gave them as they were (`createdAt: "x"`, `lastSeenAt: {}`),
// its sort compared NaN, and an entry whose expiry was text was never pruned.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createFileSessionStorage } from 'edge-session';
import { userDigest } from '../../js/user-sessions.js';
import { tempDir } from '../helpers/temp-dir.js';
import { commitNew, COOKIE_NAME, cookiePair, readSession, SECRET } from './support.js';

const cookie = { name: COOKIE_NAME, secrets: [SECRET], maxAge: 3600 };
const BAD = [{ createdAt: 'x', lastSeenAt: {} }, { createdAt: null, lastSeenAt: '5', expiresAt: 'soon' }, { createdAt: true, lastSeenAt: [1], expiresAt: {} }];

describe("a file storage user index's entry whose times are no numbers", () => {
  for (const bad of BAD) {
    it(`is listed with numbers for them, seen least recently, and revoked (${JSON.stringify(bad)})`, async () => {
      const dir = tempDir('edge-session-index-times-');
      const storage = createFileSessionStorage({ cookie, dir, userKey: 'userId' });
      const odd = cookiePair(await commitNew(storage, { userId: 'ada' }));
      const oddId = (await readSession(storage, odd)).id;
      await commitNew(storage, { userId: 'ada' });
      const file = join(dir, 'users', `${await userDigest('ada')}.json`);
      const index = JSON.parse(await readFile(file, 'utf8'));
      Object.assign(index.sessions[oddId], bad);
      await writeFile(file, JSON.stringify(index));

      const listed = await storage.listUserSessions('ada');
      assert.equal(listed.length, 2);
      for (const entry of listed) {
        assert.ok(Number.isFinite(entry.createdAt) && Number.isFinite(entry.lastSeenAt), JSON.stringify(entry));
      }
      assert.equal(listed[1].id, oddId, 'no last-seen time: seen least recently');

      assert.equal(await storage.revokeUserSessions('ada'), 2);
      assert.deepEqual((await readSession(storage, odd)).data, {}, 'the odd entry\'s session is signed out');
    });
  }
});
