// The file storage names a session's file by its ID (dir/<id>.json), and reads only an ID of the shapes our IDs have
// (js/internal.js isIssuedSessionId: 32 or 40 hex characters, nothing after). An ID that begins so and goes on with a
// path ('<32 hex>/../../x', its tag made up for it: the tag is no secret) names a file outside the directory. With an
// unsigned cookie (warned of, but legal), or one signed under a leaked secret, a client sends such an ID. Mutation
// pass (s44): the shape's end anchor dropped, such an ID read the file it named outside the directory (one planted as
// an admin's session) and served it; no test noticed. Mutation pass (s48): the start anchor dropped, an ID whose path
// comes first ('../planted<32 hex>' and its tag) did the same; no test noticed.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFileSessionStorage } from '../../js/index.node.js';
import { issueSessionId } from '../../js/internal.js';
import { tempDir } from '../helpers/temp-dir.js';

/** A planted admin's file at the path `random` and its tag name, and a read of the unsigned cookie naming that ID. */
async function readPlanted(t, random) {
  t.mock.method(console, 'warn', () => {}); // the unsigned cookie's warning
  const base = tempDir('edge-session-id-path-');
  const dir = join(base, 'sessions');
  mkdirSync(dir);
  const storage = createFileSessionStorage({ cookie: { name: '__session' }, dir });
  const session = await storage.getSession(null);
  session.set('userId', 'ann');
  await storage.commitSession(session);
  const [own] = readdirSync(dir).filter((name) => name.endsWith('.json'));
  // A file outside the directory, of a session's shape (another program's, or planted), naming an admin.
  const id = issueSessionId('__session', random);
  const outside = join(dir, `${id}.json`);
  assert.ok(!outside.startsWith(dir), outside);
  writeFileSync(outside, readFileSync(join(dir, own), 'utf8').replace('"ann"', '"admin"'));
  const forged = `__session=${encodeURIComponent(Buffer.from(JSON.stringify(id)).toString('base64'))}`;
  return storage.getSession(forged);
}

it('an ID that goes on past our shape into a path reads no file outside the directory', async (t) => {
  const read = await readPlanted(t, `${'0'.repeat(32)}/../../planted`);
  assert.equal(read.get('userId'), undefined, 'a fresh session');
  assert.equal(read.id, '');
});

it('an ID whose path comes before our shape reads no file outside the directory', async (t) => {
  const read = await readPlanted(t, `../planted${'0'.repeat(32)}`);
  assert.equal(read.get('userId'), undefined, 'a fresh session');
  assert.equal(read.id, '');
});
