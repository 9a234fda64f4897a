// Regression (issue 10.5, "custom storages: a documented validator with a safe default"; grader pass): the default
// ID check accepted "__proto__". A value the app signed for another cookie under the same secret (a preference the
// user chose), renamed to __session, reached a plain-object backend as an ID: readData('__proto__') returned
// Object.prototype, the storage adopted the ID, and updateData('__proto__', ...) replaced the backend's prototype.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCookie, createSessionStorage, isSafeSessionId } from 'edge-session';
import { cookiePair } from '../js/support.js';

const secret = 's3cr3t';
const INHERITED = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__'];

/** The everyday JS backend: an object keyed by ID. */
function objectBackend() {
  const db = {};
  const made = new Set();
  const read = [];
  const updated = [];
  let next = 0;
  const storage = createSessionStorage({
    cookie: { name: '__session', secrets: [secret] },
    createData: async (data) => { const id = `id${++next}`; made.add(id); db[id] = data; return id; },
    readData: async (id) => { read.push(id); return db[id] ?? null; },
    updateData: async (id, data) => { updated.push(id); db[id] = data; },
    deleteData: async (id) => { delete db[id]; },
  });
  return { db, made, read, updated, storage };
}

describe('An ID named like an inherited property is never adopted (issue 10.5)', () => {
  it('the default check refuses the names every object inherits, and still takes ordinary IDs', () => {
    for (const id of INHERITED) assert.equal(isSafeSessionId(id), false, id);
    for (const id of ['abc', 'proto', '__proto', 'Constructor', 'toStringX', '0123456789abcdef0123456789abcdef']) {
      assert.equal(isSafeSessionId(id), true, id);
    }
  });

  for (const name of INHERITED) {
    it(`a signed "${name}" renamed to __session reaches no callback, and the commit makes a new record`, async () => {
      const { db, made, read, updated, storage } = objectBackend();
      const prefs = createCookie('prefs', { secrets: [secret] }); // the app signs a value the user chose
      const forged = cookiePair(await prefs.serialize(name)).replace(/^prefs=/, '__session=');
      const session = await storage.getSession(forged);
      assert.equal(session.get('role'), undefined);
      session.set('role', 'user');
      await storage.commitSession(session);
      assert.deepEqual(read, []);
      assert.ok(updated.every((id) => made.has(id)), `updateData got ${JSON.stringify(updated)}`);
      assert.ok(made.has(session.id), `session.id ${JSON.stringify(session.id)}`);
      assert.equal(Object.getPrototypeOf(db), Object.prototype, 'the backend kept its prototype');
    });
  }
});
