// README (Storages, Security model): the file storage accepts only IDs it made, 40 hex characters or the 32 that
// earlier versions issued (24 random and the tag), and every ID carries a tag of the name of the cookie it was issued
// for, "checked with the shape", so an ID signed for one cookie opens nothing under another's name. Only 40-hex IDs
// were tried for the tag (tests/storage/id-signed-for-another-cookie). Mutation pass (s48): the tag left unchecked
// for a 32-hex ID, or IDs of 32 to 40 hex characters taken, went unnoticed; such an ID opened the file it named.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createFileSessionStorage } from 'edge-session';
import { issueSessionId } from '../../js/internal.js';
import { tempDir } from '../helpers/temp-dir.js';
import { SECRET, signedCookie } from './support.js';

/** A file storage of the cookie `name` over `dir`, and what it reads of the signed cookie naming `id`. */
async function readOf(dir, name, id) {
  const storage = createFileSessionStorage({ cookie: { name, secrets: [SECRET] }, dir });
  return (await storage.getSession(signedCookie(id, { name }))).get('role');
}

/** A directory holding an admin's session file under `id`. */
async function plantedUnder(id) {
  const dir = tempDir('es-id-shapes-');
  await writeFile(join(dir, `${id}.json`), JSON.stringify({ data: { role: 'admin' }, expires: null }));
  return dir;
}

it("an ID of the earlier 32-hex shape issued for __session opens its file there, and nothing under __other's name", async () => {
  const legacy = issueSessionId('__session', 'ab'.repeat(12));
  assert.equal(legacy.length, 32);
  const dir = await plantedUnder(legacy);
  assert.equal(await readOf(dir, '__session', legacy), 'admin', 'the control: its own cookie opens it');
  assert.equal(await readOf(dir, '__other', legacy), undefined, 'opened under another cookie');
});

it('an ID of 36 hex characters, its tag made for __session, opens no file', async () => {
  const between = issueSessionId('__session', 'ab'.repeat(14));
  assert.equal(between.length, 36);
  const dir = await plantedUnder(between);
  assert.equal(await readOf(dir, '__session', between), undefined, 'an ID of neither shape was read');
});
