// A commit whose end is at or before the epoch (`expires: new Date(0)`, the Expires=Thu, 01 Jan 1970 that many apps
// write to drop a cookie, or a maxAge so negative that its Date is held at the epoch: lifetime.js dateIn) ends the
// session's record: a copy of its cookie replayed while the store still keeps the record reads a fresh session
// (README Session lifetime: the limits "are enforced by the server, from times kept inside ... the stored record";
// "a cookie replayed past any of them reads as a fresh empty session"). The record's expiry is then 1 ms, not 0,
// which the core reads as none (lifetime.js expiresAtOf).
// Mutation pass (s47): expiresAtOf without its least end of 1 ms went unnoticed; such a record was written with
// `expires` 0 and served forever to a copy of the cookie. So did dateIn without its hold at the epoch: maxAge -1e13
// made an invalid Date, no end (the regression its comment names, which no Node test held).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage, createWorkersKVSessionStorage } from 'edge-session';
import { mapKV } from './map-kv.js';

const cookie = { secrets: ['hand-commit-at-the-epoch'.padEnd(32, '!')] };

/** A createSessionStorage whose backend, as a database may, keeps a row until it is deleted. */
function keepingRows() {
  const rows = new Map();
  return createSessionStorage({
    cookie,
    async createData(data) {
      rows.set(`row-${rows.size + 1}`, data);
      return `row-${rows.size}`;
    },
    readData: async (id) => rows.get(id) ?? null,
    updateData: async (id, data) => void rows.set(id, data),
    deleteData: async (id) => void rows.delete(id),
  });
}

const storages = {
  createSessionStorage: keepingRows,
  // The KV key lives 60 s at least past its end (README Workers KV); mapKV keeps it as long.
  createWorkersKVSessionStorage: () => createWorkersKVSessionStorage({ cookie, kv: mapKV() }),
};

const endings = {
  'expires: new Date(0)': { expires: new Date(0) },
  'maxAge: -1e10': { maxAge: -1e10 },
  // Its end from now is past what a Date holds, an invalid Date, which is no end (lifetime.js endOf).
  'maxAge: -1e13': { maxAge: -1e13 },
};

describe('A hand commit ending the session at or before the epoch ends its record: a copy of the cookie reads fresh', () => {
  for (const [name, make] of Object.entries(storages)) {
    for (const [spelling, options] of Object.entries(endings)) {
      it(`${name}, ${spelling}`, async () => {
        const storage = make();
        const session = await storage.getSession(null);
        session.set('userId', 'ada');
        const copy = (await storage.commitSession(session)).split(';')[0]; // a copy of the signed-in cookie, kept
        const signedIn = await storage.getSession(copy);
        assert.equal(signedIn.get('userId'), 'ada', 'signed in');
        const ended = await storage.commitSession(signedIn, options);
        assert.equal(ended.split(';')[0], copy, 'the same session, its end at the epoch');
        assert.equal((await storage.getSession(copy)).get('userId'), undefined, ended);
      });
    }
  }
});
