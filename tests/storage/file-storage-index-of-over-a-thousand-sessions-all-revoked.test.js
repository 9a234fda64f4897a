// A user's index file listing more sessions than this version keeps (100: another version's, a hand edit, a merge of
// two directories) is read with all of them, and "sign out of all devices" ends every one it counts (README Signing
// out everywhere; Security model: an index of another shape, the user revokes as before). Regression (s52 scenario
// pass over the file storage): a revocation (or a sign-in's eviction past 100) ended only the last 1,000 of the IDs
// it took off (the bound of those kept to end again later), so of an index of 1,151 sessions it answered 1,151 and
// left 151 signed in, listed nowhere, which no later revocation reached.
import assert from 'node:assert/strict';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { it } from 'node:test';
import { createFileSessionStorage } from 'edge-session';
import { issueSessionId } from '../../js/internal.js';
import { userDigest } from '../../js/user-sessions.js';
import { tempDir } from '../helpers/temp-dir.js';
import { commitNew, COOKIE_NAME, idOf, readSession, SECRET, signedCookie } from './support.js';

const cookie = { name: COOKIE_NAME, secrets: [SECRET], maxAge: 3600 };
const MORE = 1150;

/** A storage whose user `ada` has MORE + 1 sessions, all listed in her index file; their IDs. */
async function userOfManySessions() {
  const dir = tempDir('edge-session-index-many-');
  const storage = createFileSessionStorage({ cookie, dir, userKey: 'userId' });
  const first = idOf(await commitNew(storage, { userId: 'ada' }));
  const file = join(dir, 'users', `${await userDigest('ada')}.json`);
  const index = JSON.parse(await readFile(file, 'utf8'));
  const ids = [first];
  for (let n = 0; n < MORE; n++) {
    const id = issueSessionId(COOKIE_NAME);
    await copyFile(join(dir, `${first}.json`), join(dir, `${id}.json`));
    index.sessions[id] = { ...index.sessions[first], lastSeenAt: index.sessions[first].lastSeenAt - 1 - n };
    ids.push(id);
  }
  await writeFile(file, JSON.stringify(index));
  return { storage, ids };
}

async function signedIn(storage, ids) {
  let count = 0;
  for (const id of ids) if ((await readSession(storage, signedCookie(id))).id !== '') count++;
  return count;
}

it("a revocation of a user whose index lists over 1,000 sessions ends every one it counts", async () => {
  const { storage, ids } = await userOfManySessions();
  assert.equal(await signedIn(storage, ids), ids.length);
  assert.equal(await storage.revokeUserSessions('ada'), ids.length);
  assert.equal(await signedIn(storage, ids), 0, 'no device left signed in');
});

it('a sign-in evicting over 1,000 sessions of such an index past 100 ends each of them', async () => {
  const { storage, ids } = await userOfManySessions();
  await commitNew(storage, { userId: 'ada' });
  assert.equal(await signedIn(storage, ids), 99, 'the 99 seen last are kept, beside the new sign-in');
  assert.equal(await storage.revokeUserSessions('ada'), 100);
  assert.equal(await signedIn(storage, ids), 0, 'no device left signed in');
});
