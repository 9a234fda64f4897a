// A session file or a user's index far larger than any the storage writes reads as a corrupt one does: missing, or
// an empty index. Regression (Node-in-production pass): it was read whole, whatever its size: 300 MB took 700 MB of
// memory and 3 s for one request, and past V8's longest string (~512 MiB) every request carrying the cookie, and
// every sign-in of the user, answered 500. The files here are sparse: they take no room on the disk.
import assert from 'node:assert/strict';
import { rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { it } from 'node:test';
import { createFileSessionStorage } from 'edge-session';
import { userDigest } from '../../js/user-sessions.js';
import { tempDir } from '../helpers/temp-dir.js';
import { commitNew, COOKIE_NAME, cookiePair, idOf, readFresh, SECRET } from './support.js';

const cookie = { name: COOKIE_NAME, secrets: [SECRET], maxAge: 3600 };
const HUGE = 600 * 1024 * 1024; // past V8's longest string, so that reading it whole fails rather than only costs

/** Replaces `path` by a sparse file of `size` bytes. */
async function sparse(path, size) {
  await rm(path, { force: true });
  await writeFile(path, '');
  await truncate(path, size);
}

it('a session file of 600 MB reads as a fresh session, at once, not a 500', async () => {
  const dir = tempDir('edge-session-huge-');
  const storage = createFileSessionStorage({ cookie, dir });
  const setCookie = await commitNew(storage, { user: 'mj' });
  await sparse(join(dir, `${idOf(setCookie)}.json`), HUGE);
  const began = performance.now();
  await readFresh(storage, cookiePair(setCookie), {}, 'the huge file');
  assert.ok(performance.now() - began < 500, `read in ${Math.round(performance.now() - began)} ms: not read whole`);
});

it("a user's index of 600 MB is taken for an empty one: the user's sign-in works and is listed", async () => {
  const dir = tempDir('edge-session-huge-');
  const storage = createFileSessionStorage({ cookie, dir, userKey: 'userId' });
  await commitNew(storage, { userId: 'ada' });
  await sparse(join(dir, 'users', `${await userDigest('ada')}.json`), HUGE);
  await commitNew(storage, { userId: 'ada' });
  assert.equal((await storage.listUserSessions('ada')).length, 1, 'the new sign-in, in an index written anew');
});
