// README (Files): an expired session file "is deleted when read a minute past its expiry", and a file's lock "held
// over 10 s, a crashed holder's or one whose release failed, is taken over": the read that meets such a lock beside
// such a file takes it over and deletes the file then, not at a later look. Mutation pass (s46): tryLockOrStale
// removing the stale lock but not taking it went unnoticed; the file stayed until the sweep's listing came round to
// it again (a pass over the whole directory), and the lock tests wrote 40 sessions, enough passes to hide it.
import assert from 'node:assert/strict';
import { access, mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { it } from 'node:test';
import { createFileSessionStorage } from 'edge-session';
import { issueSessionId } from '../../js/internal.js';
import { LATE_COMMIT_GRACE_MS } from '../../js/lifetime.js';
import { tempDir } from '../helpers/temp-dir.js';
import { COOKIE_NAME, readFresh, SECRET, signedCookie } from './support.js';

const exists = (path) => access(path).then(() => true, () => false);

it('a read of a file ended for good whose lock a crash left an hour ago deletes the file and the lock', async () => {
  const dir = join(tempDir('edge-session-stale-lock-'), 'sessions');
  await mkdir(dir);
  const id = issueSessionId(COOKIE_NAME, 'f'.repeat(24));
  const path = join(dir, `${id}.json`);
  await writeFile(path, JSON.stringify({ data: { user: 'gone' }, expires: Date.now() - LATE_COMMIT_GRACE_MS - 60_000 }));
  await writeFile(`${path}.lock`, '');
  const hourAgo = new Date(Date.now() - 3_600_000);
  await utimes(`${path}.lock`, hourAgo, hourAgo);
  const storage = createFileSessionStorage({ cookie: { name: COOKIE_NAME, secrets: [SECRET], maxAge: 3600 }, dir });
  await readFresh(storage, signedCookie(id), {}, 'the file ended for good');
  assert.equal(await exists(path), false, 'the file is deleted by the read that met it');
  assert.equal(await exists(`${path}.lock`), false, 'the lock taken over is released');
});
