// Issue 10.5: "a value signed for another cookie name must not open a session where the format allows binding
// the name (new formats, IDs)". The signed ID cookie (React Router's format) signs its value only, so an ID
// signed for one cookie, renamed to another cookie's name under the same secret, verified, and a storage of that
// other cookie over the same backend opened the session. The IDs our storages issue now carry a tag of their
// cookie's name (js/internal.js issueSessionId), checked before the backend is asked.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createFileSessionStorage, createWorkersKVSessionStorage } from 'edge-session';
import { mapKV } from '../js/map-kv.js';
import { commitNew, cookiePair, readSession, SECRET } from './support.js';

const dirs = [];
after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

const cookie = (name) => ({ name, secrets: [SECRET], httpOnly: true });
const renamed = (setCookie, name) => `${name}=${cookiePair(setCookie).split('=').slice(1).join('=')}`;

const backends = {
  'Workers KV': () => {
    const kv = mapKV();
    return (name) => createWorkersKVSessionStorage({ cookie: cookie(name), kv });
  },
  files: async () => {
    const dir = await mkdtemp(join(tmpdir(), 'es-renamed-'));
    dirs.push(dir);
    return (name) => createFileSessionStorage({ cookie: cookie(name), dir });
  },
};

for (const [label, makeBackend] of Object.entries(backends)) {
  describe(`${label}: two cookies' storages over one backend, one secret`, () => {
    it('an ID signed for __session, sent as __other, opens no session of __other; under its own name it does', async () => {
      const storageOf = await makeBackend();
      const [session, other] = [storageOf('__session'), storageOf('__other')];
      const setCookie = await commitNew(session, { role: 'admin' });
      const opened = await readSession(other, renamed(setCookie, '__other'));
      assert.deepEqual(opened.data, {});
      const control = await readSession(session, cookiePair(setCookie));
      assert.deepEqual(control.data, { role: 'admin' });
      assert.notEqual(opened.id, control.id);
    });

    it('so does the ID a regenerateId() gave the session', async () => {
      const storageOf = await makeBackend();
      const [session, other] = [storageOf('__session'), storageOf('__other')];
      const read = await session.getSession(cookiePair(await commitNew(session, { role: 'admin' })));
      read.regenerateId(true);
      const setCookie = await session.commitSession(read);
      assert.deepEqual((await readSession(other, renamed(setCookie, '__other'))).data, {});
      assert.deepEqual((await readSession(session, cookiePair(setCookie))).data, { role: 'admin' });
    });
  });
}
