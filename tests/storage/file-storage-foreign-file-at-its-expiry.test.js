// README (Files): React Router's file layout, its ISO `expires` included, is read, and "an expired one is never
// served". Such a file holds no times of ours, so only the storage's own check of `expires` ends it: at the very
// millisecond of its `expires` it is over, as the core ends our own sessions at that millisecond. Mutation pass
// (s46): the read serving a file while `expires < now` (its expiry's millisecond served) went unnoticed; our own
// records are kept to the end of their second, so no test read a file at its exact end.
import { it } from 'node:test';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createFileSessionStorage } from '../../js/index.node.js';
import { issueSessionId } from '../../js/internal.js';
import { tempDir } from '../helpers/temp-dir.js';
import { COOKIE_NAME, readFresh, SECRET, signedCookie } from './support.js';

it("a React Router file is not served at the millisecond its expires names", async (t) => {
  const end = Date.parse('2026-12-01T00:00:00.500Z');
  t.mock.timers.enable({ apis: ['Date'], now: end });
  const dir = join(tempDir('edge-session-foreign-expiry-'), 'sessions');
  await mkdir(dir);
  const id = issueSessionId(COOKIE_NAME, 'e'.repeat(24));
  await writeFile(join(dir, `${id}.json`), JSON.stringify({ data: { user: 'rr' }, expires: new Date(end).toISOString() }));
  const storage = createFileSessionStorage({ cookie: { name: COOKIE_NAME, secrets: [SECRET] }, dir });
  await readFresh(storage, signedCookie(id), {}, 'the file at its expiry');
});
