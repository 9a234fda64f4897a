// Regression (audit of issue 10.2): a session file nested 5,000 levels deep (another program's, or one edited by
// hand) overflowed JavaScript's stack as it was read, a RangeError taken for a storage failure: every request
// carrying its cookie answered 500. A file nested deeper than any the storage writes now reads as a corrupt file
// does: missing, so a fresh session. The same for a user's index file.
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createCookie, createFileSessionStorage, withSession } from 'edge-session';
import { issueSessionId } from '../../js/internal.js';
import { tempDir } from '../helpers/temp-dir.js';

const SECRET = 'deep-json-secret';
const deep = (n, open = '[', close = ']') => open.repeat(n) + close.repeat(n);
const pairOf = (setCookie) => setCookie.split(';')[0];

async function cookieFor(id) {
  return pairOf(await createCookie('__session', { secrets: [SECRET] }).serialize(id));
}

describe('file storage: JSON nested deeper than any file it writes', () => {
  for (const [name, value] of [
    ['arrays, 5,000 levels', deep(5000)],
    ['objects, 5,000 levels', deep(5000, '{"a":', '}').replace(/\{"a":\}/, '{}')],
    ['arrays, 200,000 levels', deep(200_000)],
  ]) {
    it(`a session file of ${name} reads as a fresh session, not a 500`, async () => {
      const dir = tempDir('es-deep-');
      const id = issueSessionId('__session', 'b'.repeat(24)); // of this cookie: its cookie reaches the store
      writeFileSync(join(dir, `${id}.json`), `{"data":{"a":${value}},"expires":null}`);
      const storage = createFileSessionStorage({ cookie: { secrets: [SECRET] }, dir });
      const cookie = await cookieFor(id);
      assert.equal((await storage.getSession(cookie)).size, 0);
      const fetch = withSession(storage, (request, { session }) => new Response(String(session.size)));
      const response = await fetch(new Request('https://example.com/', { headers: { Cookie: cookie } }));
      assert.equal(response.status, 200);
      assert.equal(await response.text(), '0');
    });
  }

  it('a session file at the depth the storage writes still reads', async () => {
    const dir = tempDir('es-deep-');
    const storage = createFileSessionStorage({ cookie: { secrets: [SECRET] }, dir });
    const session = await storage.getSession(null);
    session.set('deepest', JSON.parse(deep(60)));
    const cookie = pairOf(await storage.commitSession(session));
    assert.deepEqual((await storage.getSession(cookie)).get('deepest'), JSON.parse(deep(60)));
  });

  // A foreign writer's record (React Router's layout) may nest as deep as the core reads, 64 levels, one more with
  // the file's own object. Mutation pass (s46): MAX_FILE_DEPTH cut to 64 went unnoticed; our own sessions nest at
  // most 62 (60 per value), so only such a file tells the two apart.
  it('a session file whose data nests 64 levels, the most the core reads, still reads', async () => {
    const dir = tempDir('es-deep-');
    const id = issueSessionId('__session', 'c'.repeat(24)); // of this cookie: its cookie reaches the store
    const data = deep(64, '{"a":', '}').replace('{"a":}', '{"a":1}'); // 64 objects, the outermost the data itself
    writeFileSync(join(dir, `${id}.json`), `{"data":${data},"expires":null}`);
    const storage = createFileSessionStorage({ cookie: { secrets: [SECRET] }, dir });
    assert.deepEqual((await storage.getSession(await cookieFor(id))).get('a'), JSON.parse(data).a);
  });

  it("a user's index file nested 5,000 levels deep is taken for an empty one: listing and sign-in work", async () => {
    const dir = tempDir('es-deep-');
    const storage = createFileSessionStorage({ cookie: { secrets: [SECRET] }, dir, userKey: 'user' });
    const session = await storage.getSession(null);
    session.set('user', 'ada');
    await storage.commitSession(session);
    const [indexFile] = readdirSync(join(dir, 'users')).filter((file) => file.endsWith('.json'));
    writeFileSync(join(dir, 'users', indexFile), `{"revokedAt":0,"sessions":{},"x":${deep(5000)}}`);
    assert.deepEqual(await storage.listUserSessions('ada'), []);
    const again = await storage.getSession(null);
    again.set('user', 'ada');
    await storage.commitSession(again);
    assert.equal((await storage.listUserSessions('ada')).length, 1);
  });
});
