// createSessionStorage hands createData and updateData the record's end as a Date, or undefined for none. A maxAge
// past what a Date holds (1e13 s) is no end: the callbacks get undefined, never an invalid Date, on which a backend's
// `expires.toISOString()` throws (every commit a 500) and `expires > new Date()` never reads the record back.
// Mutation pass (s48): the invalid Date handed on as it was (session-storage.js endAsDate) went unnoticed.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage } from 'edge-session';
import { callbacksOf, mapBackend } from './map-backend.js';
import { cookiePair } from './support.js';

it('with maxAge 1e13 s, createData and updateData get no expires, and a backend formatting it works', async () => {
  const backend = mapBackend();
  const callbacks = callbacksOf(backend);
  const given = [];
  /** As a SQL backend writes it: an ISO date, or NULL for none. */
  const column = (expires) => (given.push(expires), expires === undefined ? null : expires.toISOString());
  const storage = createSessionStorage({
    cookie: { name: '__session', secrets: ['callback-expires-past-a-date'.padEnd(32, '!')], maxAge: 1e13 },
    ...callbacks,
    createData: (data, expires) => (column(expires), callbacks.createData(data, expires)),
    updateData: (id, data, expires) => (column(expires), callbacks.updateData(id, data, expires)),
  });
  const session = await storage.getSession(null);
  session.set('userId', 'ada');
  const cookie = cookiePair(await storage.commitSession(session));
  const again = await storage.getSession(cookie);
  assert.equal(again.get('userId'), 'ada');
  again.set('theme', 'dark');
  await storage.commitSession(again);
  assert.deepEqual(given, [undefined, undefined], 'neither callback got an end');
  assert.equal((await storage.getSession(cookie)).get('theme'), 'dark');
});
