// createSessionStorage's updateData resolves to nothing the storage reads (index.d.ts: Promise<void>; README
// Storages: React Router's callbacks, whose storage ignores it): an upsert answering whether it created the record,
// or whether it replaced one, `false` included, has written the session. Regression (s48 types pass): `false` was
// read as the internal stores' "nothing written, a logout deleted it meanwhile", so with an upsert answering
// `created`, each change of a signed-in session was answered with an expiring cookie (the user signed out, the
// record holding the change), and with one answering `replaced`, so was the commit of createSession(data, id).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSession, createSessionStorage } from 'edge-session';
import { callbacksOf, mapBackend } from './map-backend.js';

const secrets = ['callback-update-data-answer-ignored-0123456789'];

/** A storage over a Map whose updateData answers `answer(created)` once it has written the record. */
function storageAnswering(answer) {
  const backend = mapBackend();
  const updateData = async (id, data, expires) => {
    const created = !backend.records.has(id);
    await backend.updateData(id, data, expires);
    return answer(created);
  };
  return { backend, storage: createSessionStorage({ cookie: { secrets }, ...callbacksOf(backend), updateData }) };
}

const cookieOf = (setCookie) => setCookie.split(';')[0];
const expires = (setCookie) => /Max-Age=0/.test(setCookie);

it('an updateData answering false when it replaced the record: a change to a stored session sets its cookie', async () => {
  const { backend, storage } = storageAnswering((created) => created);
  const first = await storage.getSession(null);
  first.set('cart', ['tea']);
  const written = await storage.commitSession(first);
  const session = await storage.getSession(cookieOf(written));
  session.set('cart', ['tea', 'milk']);
  const changed = await storage.commitSession(session);
  assert.equal(expires(changed), false, `the change was answered with a logout: ${changed}`);
  const again = await storage.getSession(cookieOf(changed));
  assert.deepEqual(again.get('cart'), ['tea', 'milk']);
  assert.equal(again.id, session.id);
  assert.equal(backend.records.size, 1);
});

it('an updateData answering false when it created the record: createSession(data, id) is committed under its ID', async () => {
  const { backend, storage } = storageAnswering((created) => !created);
  const given = await createSession({ theme: 'dark' }, 'row-7');
  const written = await storage.commitSession(given);
  assert.equal(expires(written), false, `the commit was answered with a logout: ${written}`);
  const again = await storage.getSession(cookieOf(written));
  assert.equal(again.id, 'row-7');
  assert.equal(again.get('theme'), 'dark');
  assert.deepEqual(backend.records.get('row-7').data, { theme: 'dark' });
});
