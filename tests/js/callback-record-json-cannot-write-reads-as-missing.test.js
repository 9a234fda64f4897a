// A record createSessionStorage's readData returns that JSON cannot write (holding a BigInt, or circular: what
// another program put in the database, or a driver's type) is corrupt, and reads as no session, as bad text does in
// the KV and file storages; only readData's own failure is a storage failure (README: a stored record that cannot
// be read back "reads as a fresh session"). Mutation pass (s50): recordText letting JSON.stringify's TypeError
// through went unnoticed; every request carrying such a cookie failed.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage } from 'edge-session';
import { callbacksOf, mapBackend } from './map-backend.js';

const cookie = { name: '__session', secrets: ['callback-record-json-0123456789abcdef'] };

it('a record holding a BigInt, or circular, reads as a fresh session', async () => {
  const circular = { userId: 'ann' };
  circular.self = circular;
  for (const [what, data] of [['a BigInt', { userId: 'ann', visits: 10n }], ['circular', circular]]) {
    const backend = mapBackend();
    const storage = createSessionStorage({ cookie, ...callbacksOf(backend) });
    const signIn = await storage.getSession(null);
    signIn.set('userId', 'ann');
    const header = (await storage.commitSession(signIn)).split(';')[0];
    const [id] = backend.records.keys();
    backend.records.set(id, { data });
    const session = await storage.getSession(header);
    assert.equal(session.get('userId'), undefined, `${what}: read as the user's session`);
  }
});
