// A record another program (React Router's createSessionStorage, or edge-session before its records kept room for
// their times) wrote within the 512 KiB read limit, but without room for "__es__": read under idleTimeout, its
// renewal (an unchanged session, written only to give it times) is too large, and is left as it is, as a cookie
// too large to renew is. Regression (review): VALUE_TOO_LARGE reached withSession, which answered 500 on every
// request, read-only pages included.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage, withSession } from 'edge-session';
import { signedCookieHeader } from './support.js';

const KiB = 1024;
const secret = 's3cr3t';
const id = 'id-1';

function storageWith(recordText, extra = {}) {
  const box = { record: recordText, writes: 0 };
  const storage = createSessionStorage({
    cookie: { name: '__session', secrets: [secret] },
    idleTimeout: 600,
    ...extra,
    createData: async () => id,
    readData: async () => (box.record === null ? null : JSON.parse(box.record)),
    updateData: async (_, data) => { box.writes++; box.record = JSON.stringify(data); },
    deleteData: async () => { box.record = null; },
  });
  return { storage, box };
}

describe('renewal of a record near the limit, written without times', () => {
  it('withSession: a read-only request is answered by its handler, not a 500', async () => {
    const base = JSON.stringify({ userId: 'ada', pad: '' });
    const text = JSON.stringify({ userId: 'ada', pad: 'x'.repeat(512 * KiB - 20 - base.length) });
    assert.equal(text.length, 512 * KiB - 20);
    const { storage, box } = storageWith(text);
    const fetch = withSession(storage, (req, { session }) => new Response(`hello ${session.get('userId')}`));
    const cookie = signedCookieHeader('__session', JSON.stringify(id), secret);
    const response = await fetch(new Request('http://x.test/', { headers: { Cookie: cookie } }));
    assert.equal(response.status, 200, `got ${response.status}: ${await response.clone().text()}`);
    assert.equal(await response.text(), 'hello ada');
    assert.equal(box.record, text, 'the record as it was');
  });

  it('Remix v3 save: an unchanged session is left as it is, with no error', async () => {
    const base = JSON.stringify({ userId: 'ada', pad: '' });
    const text = JSON.stringify({ userId: 'ada', pad: 'x'.repeat(512 * KiB - 20 - base.length) });
    const { storage, box } = storageWith(text);
    const session = await storage.read(id);
    assert.equal(session.get('userId'), 'ada');
    assert.equal(await storage.save(session), null);
    assert.equal(box.record, text, 'the record as it was');
  });

  it('a change that makes it too large is still refused', async () => {
    const base = JSON.stringify({ userId: 'ada', pad: '' });
    const text = JSON.stringify({ userId: 'ada', pad: 'x'.repeat(512 * KiB - 20 - base.length) });
    const { storage, box } = storageWith(text);
    const session = await storage.getSession(signedCookieHeader('__session', JSON.stringify(id), secret));
    assert.throws(() => session.set('more', 'y'.repeat(40)), { code: 'VALUE_TOO_LARGE' });
    assert.equal(box.record, text, 'nothing written');
  });
});
