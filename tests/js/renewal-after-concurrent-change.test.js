// A page view that changed nothing but whose renewal was due, slower than another request of the same session that
// changed it meanwhile (past the burst window): its renewal wrote back the session as it had read it, and the other
// request's change was lost (on the cookie storage, its stale cookie reached the browser last). A renewal of a
// session this isolate wrote since reading it is now not written: that write's times are as new. Regression
// (lifetime model audit, issue 11's rolling renewal). The clock is Date.now, moved by hand.
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCookieSessionStorage, createFileSessionStorage, createMemorySessionStorage, createSessionStorage, createWorkersKVSessionStorage, withSession } from 'edge-session';
import { mapKV } from './map-kv.js';
import { BrowserJar, visit } from '../helpers/browser-jar.js';
import { slowPageReadDue } from '../helpers/slow-page-cart.js';
import { handClock } from '../helpers/hand-clock.js';

const options = { cookie: { name: '__session', secrets: ['s3cr3t'] }, idleTimeout: 60 }; // renewal due after 15 s
const dirs = [];
const storages = {
  memory: () => createMemorySessionStorage(options),
  file: () => {
    const dir = mkdtempSync(join(tmpdir(), 'renewal-race-'));
    dirs.push(dir);
    return createFileSessionStorage({ ...options, dir });
  },
  kv: () => createWorkersKVSessionStorage({ ...options, kv: mapKV() }),
  callbacks: () => {
    const records = new Map();
    return createSessionStorage({
      ...options,
      createData: async (data) => {
        const id = crypto.randomUUID().replaceAll('-', '');
        records.set(id, data);
        return id;
      },
      readData: async (id) => records.get(id) ?? null,
      updateData: async (id, data) => void records.set(id, data),
      deleteData: async (id) => void records.delete(id),
    });
  },
  cookie: () => createCookieSessionStorage(options),
};

const clock = handClock();
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

for (const [name, makeStorage] of Object.entries(storages)) {
  describe(`a slow page view's due renewal beside a change (${name})`, () => {
    it('leaves the change; regression: the renewal put back the session it had read, and the change was lost', async () => {
      const { fetch, jar, slowPage, slow } = await slowPageReadDue(makeStorage(), clock);
      assert.equal(await (await visit(jar, fetch, '/add')).text(), '2');
      clock.now += 3_000; // past the burst window (at most 2 s) after that change
      slowPage.open();
      assert.equal(await (await slow).text(), '1', 'the slow page showed what it read');
      assert.equal(await (await visit(jar, fetch, '/')).text(), '2');
    });

    it('a page view alone still renews when due', async () => {
      const fetch = withSession(makeStorage(), async (request, { session }) => {
        if (new URL(request.url).pathname === '/add') session.set('cart', 1);
        return new Response(String(session.get('cart')));
      });
      const jar = new BrowserJar();
      jar.now = () => clock.now;
      await visit(jar, fetch, '/add');
      clock.now += 20_000;
      assert.equal((await visit(jar, fetch, '/')).headers.getSetCookie().length, 1, 'renewed');
      clock.now += 50_000; // 70 s after the sign-in, 50 s after the renewal: alive only if it was renewed
      assert.equal(await (await visit(jar, fetch, '/')).text(), '1');
    });
  });
}
