// Regression (second review of the parking of sessions): a session holding a value nested 63 levels deep (accepted by a read: a cookie React Router wrote with
// the same secret, a stored record, or createSession(data)) makes a snapshot one level deeper (the values sit under
// "values"), which the core's restore refuses: es_session_restore returns 0. [park] checks only the snapshot's
// length (restorable), parks it, and #live() takes the 0 as the session's pointer: the next read runs on a null
// pointer (get('user') gives undefined: the data is lost), the one after calls restoreSession(undefined), whose
// TypeError marks the whole instance broken, and every other session of the isolate then throws CORE_RESET.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookieSessionStorage, createSession, createSessionStorage } from 'edge-session';
import { MAX_LIVE_SESSIONS } from '../../js/core-calls.js';
import { signedCookieHeader } from './support.js';

/**
 * Two looks for sessions to park past the sessions under test: the first gives them their second chance (they were
 * read just before), the second parks them. Regression (mutation pass): with one look, the stored record's session
 * below was never parked, and its test passed with a restore that loses the data.
 */
async function parkAll() {
  const fillers = [];
  for (let i = 0; i < 2 * MAX_LIVE_SESSIONS; i++) fillers.push(await createSession({ filler: i }));
  for (const filler of fillers) filler.dispose();
  await null;
}

function nested(depth) {
  let value = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

describe('parking a session with deeply nested values', () => {
  it('a cookie whose value nests 63 levels (as React Router may write it) reads the same once parked', async () => {
    const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['s3cr3t'] } });
    const bystander = await storage.getSession(null);
    bystander.set('a', 1);
    const header = signedCookieHeader('__session', JSON.stringify({ user: 'ada', deep: nested(63) }), 's3cr3t');
    const session = await storage.getSession(header);
    assert.equal(session.get('user'), 'ada', 'read: the cookie is accepted');
    await parkAll();
    assert.equal(session.get('user'), 'ada', 'parked and restored'); // fails: undefined (a null pointer's read)
    assert.equal(session.get('user'), 'ada'); // TypeError: restoreSession(undefined)
    assert.equal(bystander.get('a'), 1, 'another session of the isolate'); // CORE_RESET
  });

  it('a stored record with a value nested 63 levels (accepted by a read) reads the same once parked', async () => {
    const storage = createSessionStorage({
      cookie: { name: '__sid', secrets: ['s3cr3t'] },
      createData: async () => 'unused',
      readData: async (id) => (id === 'deep-1' ? { user: 'ada', deep: nested(63) } : null),
      updateData: async () => {},
      deleteData: async () => {},
    });
    const session = await storage.getSession(signedCookieHeader('__sid', JSON.stringify('deep-1'), 's3cr3t'));
    assert.equal(session.get('user'), 'ada');
    await parkAll();
    assert.equal(session.get('user'), 'ada');
    assert.deepEqual(session.get('deep'), nested(63));
  });
});
