// createFileSessionStorage with userKey over a directory of many users: the sweep of users' indexes reads
// dir/users/ a few entries at a time, as the session files' sweep does. Regression (black-box pass over memory):
// each round read the whole listing into memory and kept it for the round, ~95 bytes per user (400,000 users held
// 45 MB).
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { after, it } from 'node:test';
import { createFileSessionStorage } from 'edge-session';
import { COOKIE_NAME, SECRET } from './support.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');
const scratch = await mkdtemp(join(tmpdir(), 'edge-session-index-listing-'));
after(() => rm(scratch, { recursive: true, force: true }));

async function heapAfterGc() {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

const USERS = 30_000;

it(`the sweep of ${USERS} users' indexes holds a few names at a time, not the listing`, { timeout: 120_000 }, async (t) => {
  const cookie = { name: COOKIE_NAME, secrets: [SECRET], maxAge: 3600 };
  const signIn = async (storage, user) => {
    const session = await storage.getSession(null);
    session.set('userId', user);
    await storage.commitSession(session);
  };
  await signIn(createFileSessionStorage({ cookie, dir: join(scratch, 'warm-up'), userKey: 'userId' }), 'warm-up');
  const dir = join(scratch, 'many-users');
  await mkdir(join(dir, 'users'), { recursive: true });
  // Indexes of users signed out everywhere long ago: kept (a revocation mark), so every sweep goes on past them.
  for (let i = 0; i < USERS; i += 500) {
    await Promise.all(Array.from({ length: 500 }, (_, k) => writeFile(join(dir, 'users', `${(i + k).toString(16).padStart(64, '0')}.json`), '{"revokedAt":1,"sessions":{}}')));
  }
  const storage = createFileSessionStorage({ cookie, dir, userKey: 'userId' });
  const before = await heapAfterGc();
  for (let i = 0; i < 5; i++) await signIn(storage, `user-${i}`); // each sweeps the next indexes
  const grown = (await heapAfterGc()) - before;
  t.diagnostic(`heap grew ${(grown / 1024).toFixed(0)} KiB over 5 sign-ins beside ${USERS} users' indexes`);
  assert.ok(grown < 1024 * 1024, `${(grown / 1024).toFixed(0)} KiB held`);
});
