// README (Files): a session file "over 1 MiB (twice the most a session holds; it is not read)" reads as missing: one
// of 1 MiB exactly is still read (a foreign writer's escapes or spacing take room our writes do not). Mutation pass
// (s46): readRegularFile refusing a file of exactly MAX_FILE_BYTES (>= for >) went unnoticed; the huge-file tests
// read 600 MB files only.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { it } from 'node:test';
import { createFileSessionStorage } from 'edge-session';
import { MAX_SESSION_BYTES } from '../../js/internal.js';
import { tempDir } from '../helpers/temp-dir.js';
import { commitNew, COOKIE_NAME, cookiePair, idOf, readFresh, readSession, SECRET } from './support.js';

const cookie = { name: COOKIE_NAME, secrets: [SECRET], maxAge: 3600 };
const LIMIT = 2 * MAX_SESSION_BYTES; // 1 MiB

/** `{"data":{"user":"mj"},"expires":<ms>}` spaced out to `size` bytes. */
const spacedTo = (size) => {
  const text = JSON.stringify({ data: { user: 'mj' }, expires: Date.now() + 3_600_000 });
  return `${text.slice(0, -1)}${' '.repeat(size - text.length)}}`;
};

it('a session file of exactly 1 MiB is read, and one a byte over it is not', async () => {
  const dir = tempDir('edge-session-1-mib-');
  const storage = createFileSessionStorage({ cookie, dir });
  const setCookie = await commitNew(storage, { user: 'mj' });
  const path = join(dir, `${idOf(setCookie)}.json`);
  await writeFile(path, spacedTo(LIMIT));
  assert.equal((await readSession(storage, cookiePair(setCookie))).data.user, 'mj', 'the 1 MiB file is read');
  await writeFile(path, spacedTo(LIMIT + 1));
  await readFresh(storage, cookiePair(setCookie), {}, 'the file a byte over 1 MiB');
});
