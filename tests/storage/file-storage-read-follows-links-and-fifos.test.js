// A request's read of a session file, and a change of a user's index, open what is at the file's name as the sweep
// does: a regular file only. Regression (Node-in-production pass): they followed symlinks and waited on FIFOs, so a
// session file linked to another session's served that session under this cookie's ID, an index linked to another
// user's was that user's, and four session files made FIFOs held libuv's four threads: every file operation of the
// process (any session's read) waited for good.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { mkdir, readdir, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { it } from 'node:test';
import { createFileSessionStorage } from 'edge-session';
import { userDigest } from '../../js/user-sessions.js';
import { tempDir } from '../helpers/temp-dir.js';
import { commitNew, COOKIE_NAME, cookiePair, idOf, readFresh, readSession, SECRET, sleep } from './support.js';

const cookie = { name: COOKIE_NAME, secrets: [SECRET], maxAge: 3600 };

async function storageWithTwoSessions() {
  const dir = tempDir('edge-session-read-links-');
  const storage = createFileSessionStorage({ cookie, dir, userKey: 'userId' });
  const victim = await commitNew(storage, { userId: 'victim', card: '4111' });
  const attacker = await commitNew(storage, { userId: 'attacker' });
  const fileOf = (setCookie) => join(dir, `${idOf(setCookie)}.json`);
  return { dir, storage, victim, attacker, fileOf };
}

/** `work` within `ms`, else 'hung' (after freeing the readers a FIFO holds, so the process can go on). */
async function withinOrHung(work, ms, fifos) {
  const outcome = await Promise.race([work, sleep(ms).then(() => 'hung')]);
  // A writer's open frees a reader stuck on a FIFO; made on this thread, since libuv's may all be stuck.
  for (let pass = 0; outcome === 'hung' && pass < 50; pass++, await sleep(20)) {
    for (const fifo of fifos) {
      try {
        closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
      } catch {
        // no reader on it (yet): ENXIO
      }
    }
  }
  return outcome;
}

it("a session file linked to another session's reads as a fresh session, not as the other session", async () => {
  const { storage, victim, attacker, fileOf } = await storageWithTwoSessions();
  await rm(fileOf(attacker));
  await symlink(fileOf(victim), fileOf(attacker));
  await readFresh(storage, cookiePair(attacker), {}, 'the linked session');
  assert.equal((await readSession(storage, cookiePair(victim))).data.card, '4111', 'the other session is untouched');
});

it('session files made FIFOs read as fresh sessions, and the sessions of the other files still read', async () => {
  const { storage, victim, fileOf } = await storageWithTwoSessions();
  const fifos = [];
  const cookies = [];
  for (let i = 0; i < 5; i++) {
    const setCookie = await commitNew(storage, { i });
    await rm(fileOf(setCookie));
    execFileSync('mkfifo', [fileOf(setCookie)]);
    fifos.push(fileOf(setCookie));
    cookies.push(cookiePair(setCookie));
  }
  const reads = Promise.all(cookies.map((pair) => readSession(storage, pair))).then((sessions) => sessions.map(({ id }) => id));
  assert.deepEqual(await withinOrHung(reads, 3000, fifos), ['', '', '', '', ''], 'each FIFO read as no session');
  const other = withinOrHung(readSession(storage, cookiePair(victim)).then(({ data }) => data.card), 3000, fifos);
  assert.equal(await other, '4111', "another session's read did not wait behind them");
});

it('a session file replaced by a directory reads as a fresh session, not a 500', async () => {
  const { storage, attacker, fileOf } = await storageWithTwoSessions();
  await rm(fileOf(attacker));
  await mkdir(fileOf(attacker));
  await readFresh(storage, cookiePair(attacker), {}, 'the directory');
});

it("a user's index linked to another user's is not that user's: listing and revoking see only the user's own sessions", async () => {
  const { dir, storage, victim } = await storageWithTwoSessions();
  const indexes = (await readdir(join(dir, 'users'))).filter((name) => name.endsWith('.json'));
  assert.equal(indexes.length, 2, 'one index per user');
  await rm(await indexOf(dir, 'attacker'));
  await symlink(await indexOf(dir, 'victim'), await indexOf(dir, 'attacker'));
  assert.deepEqual(await storage.listUserSessions('attacker'), [], "the victim's sessions are not listed as the attacker's");
  assert.equal(await storage.revokeUserSessions('attacker'), 0, "none of the victim's sessions is ended");
  assert.equal((await readSession(storage, cookiePair(victim))).data.card, '4111', "the victim's session lives on");
  assert.equal((await storage.listUserSessions('victim')).length, 1, "the victim's index is untouched");
});

it('an index made a FIFO is taken for an empty one: a sign-in of its user does not hang', async () => {
  const { dir, storage } = await storageWithTwoSessions();
  const fifo = await indexOf(dir, 'attacker');
  await rm(fifo);
  execFileSync('mkfifo', [fifo]);
  const signIn = commitNew(storage, { userId: 'attacker' }).then(() => 'signed in');
  assert.equal(await withinOrHung(signIn, 3000, [fifo]), 'signed in');
  assert.equal((await storage.listUserSessions('attacker')).length, 1, 'the new sign-in is listed');
});

/** The path of a user's index, `<dir>/users/<SHA-256 of the ID, hex>.json`. */
const indexOf = async (dir, userId) => join(dir, 'users', `${await userDigest(userId)}.json`);
