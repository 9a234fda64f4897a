// A stored record's times member, as README's Session lifetime states it: `"__es__": [created, touched, expires]`,
// "`expires` 0 for none", and "a maxAge or expires past 2^53 ms (~285,000 years) is held there" (lifetime.js
// expiresAtOf, MAX_TIME_MS). What a createSessionStorage backend is given is that record. Mutation pass: a record
// without expiry written with 2^53, one past a Date written with 0 (none) or with 2^53 - 1 passed the Node suites.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage } from 'edge-session';

/** The `__es__` member of the record a commit gives createData, with the cookie options `cookie`. */
async function savedTimes(cookie) {
  let saved;
  const storage = createSessionStorage({
    cookie: { secrets: ['record-times-expires'.padEnd(32, '!')], ...cookie },
    idleTimeout: 60,
    async createData(data) {
      saved = data;
      return 'id-1';
    },
    readData: async () => null,
    updateData: async () => {},
    deleteData: async () => {},
  });
  const session = await storage.getSession(null);
  session.set('userId', 'ada');
  await storage.commitSession(session);
  return saved.__es__;
}

it('a record without maxAge or expires has expires 0 (none)', async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: 1_700_000_000_000 });
  assert.deepEqual(await savedTimes({}), [1_700_000_000_000, 1_700_000_000_000, 0]);
});

it('a maxAge of an hour ends the record an hour on', async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: 1_700_000_000_000 });
  assert.deepEqual(await savedTimes({ maxAge: 3600 }), [1_700_000_000_000, 1_700_000_000_000, 1_700_003_600_000]);
});

it('a maxAge past what a Date holds ends the record at 2^53 ms, not never', async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: 1_700_000_000_000 });
  assert.deepEqual(await savedTimes({ maxAge: 1e13 }), [1_700_000_000_000, 1_700_000_000_000, 2 ** 53]);
});
