// README (Files): "only regular files are looked at ... a session file that is a link, a directory or a FIFO reads as
// missing". A Unix socket so named is none either: opening it fails (ENXIO), and the request carrying its cookie gets
// a fresh session, not a 500. Mutation pass (s46): readRegularFile taking only ELOOP (a link) for no regular file went
// unnoticed; the FIFO tests open without error (O_NONBLOCK), so no test met ENXIO.
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { it } from 'node:test';
import { createFileSessionStorage } from 'edge-session';
import { tempDir } from '../helpers/temp-dir.js';
import { commitNew, COOKIE_NAME, cookiePair, idOf, readFresh, SECRET } from './support.js';

it('a Unix socket named like a session file reads as a fresh session, not a 500', { skip: process.platform === 'win32' }, async (t) => {
  const dir = tempDir('edge-session-socket-');
  const storage = createFileSessionStorage({ cookie: { name: COOKIE_NAME, secrets: [SECRET], maxAge: 3600 }, dir });
  const setCookie = await commitNew(storage, { user: 'mj' });
  const path = join(dir, `${idOf(setCookie)}.json`);
  await rm(path);
  const server = createServer();
  await new Promise((resolve) => server.listen(path, resolve));
  t.after(() => new Promise((resolve) => server.close(resolve)));
  await readFresh(storage, cookiePair(setCookie), {}, 'the socket');
});
