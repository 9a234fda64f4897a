// The Durable Object storage on each storage backend a class may be declared with, inside workerd. A key-value
// backed class (`new_classes`) caps a stored value at 128 KiB (131,072 bytes of V8's serialization: a string with
// any character past Latin-1 takes two bytes a character) where a session may take 512 KiB; workerd runs every
// class on SQLite and stores it all the same, so a Worker tested locally fails only in production, for the users
// whose sessions grew past it. The object can tell its backend (SQL is not enabled on a key-value class, locally
// too): a record it could not store in production is refused everywhere, with an error that says what to declare.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CookieJar } from '../helpers/cookie-jar.js';
import { startWorker } from '../helpers/start-worker.js';

let worker;
before(async () => {
  worker = await startWorker({ config: fileURLToPath(new URL('./do-backends-worker/wrangler.toml', import.meta.url)), logLevel: 'none' });
}, { timeout: 60_000 });
after(() => worker?.dispose());

async function call(jar, backend, action, query = {}) {
  const url = new URL(`/${backend}/${action}`, worker.url);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  const { response } = await jar.fetch(url, { method: action === 'read' ? 'GET' : 'POST' });
  const body = await response.text();
  assert.equal(response.status, 200, body);
  return JSON.parse(body);
}
const TEST = { timeout: 60_000 };

describe('A key-value backed class (new_classes)', () => {
  it('refuses a session past its 128 KiB value limit with an error naming new_sqlite_classes, as production would', TEST, async () => {
    const answer = await call(new CookieJar(), 'kv', 'fill', { kb: '200' });
    assert.equal(answer.ok, false, 'a 200 KiB session was stored: production refuses it ("Values cannot be larger than 131072 bytes")');
    assert.equal(answer.code, 'STORAGE_FAILED');
    assert.match(answer.message, /new_sqlite_classes/);
  });

  it('counts two bytes a character once the text holds one past Latin-1 (70 KiB with a euro sign serialises to 140 KiB)', TEST, async () => {
    const answer = await call(new CookieJar(), 'kv', 'fill', { kb: '70', wide: '1' });
    assert.equal(answer.ok, false, 'a 70 KiB session with one "\u20ac" was stored: production refuses its 140 KiB value');
    assert.match(answer.message, /new_sqlite_classes/);
  });

  // Mutation pass (s44): the bound moved 1 KiB up, or two bytes counted for a character of Latin-1 past ASCII, went
  // unnoticed: the tests' sessions were 200, 100 and 70 KiB.
  it('refuses a session half a KiB past the limit, and stores one a KiB under it', TEST, async () => {
    assert.equal((await call(new CookieJar(), 'kv', 'fill', { kb: '128.5' })).ok, false, 'production refuses a value past 131072 bytes');
    const under = await call(new CookieJar(), 'kv', 'fill', { kb: '127' });
    assert.equal(under.ok, true, JSON.stringify(under));
  });

  it('counts one byte a character for text within Latin-1 (127 KiB with an "\u00e9" fits)', TEST, async () => {
    const answer = await call(new CookieJar(), 'kv', 'fill', { kb: '127', wide: 'latin1' });
    assert.equal(answer.ok, true, JSON.stringify(answer));
  });

  it('stores what fits, and an update that no longer fits leaves the stored session as it was', TEST, async () => {
    const jar = new CookieJar();
    assert.equal((await call(jar, 'kv', 'fill', { kb: '100' })).ok, true);
    assert.equal((await call(jar, 'kv', 'fill', { kb: '100', wide: '1' })).ok, false);
    assert.equal((await call(jar, 'kv', 'read')).size, 100 * 1024);
  });
});

describe('A SQLite-backed class (new_sqlite_classes, as the README declares it)', () => {
  it('stores and reads back sessions near the 512 KiB record limit, wide text included', TEST, async () => {
    for (const wide of ['0', '1']) {
      const jar = new CookieJar();
      const answer = await call(jar, 'sqlite', 'fill', { kb: '500', wide });
      assert.equal(answer.ok, true, JSON.stringify(answer));
      assert.equal((await call(jar, 'sqlite', 'read')).size, 500 * 1024);
    }
  });
});

// README: a programming mistake (bad options) throws. Mutation pass (s44): no test gave createDurableObjectSessionStorage
// a bad option, and dropping any of its checks went unnoticed: a leaseTimeout of 0 or "10000" was taken (the lease
// then 10 s whatever was asked), a keyPrefix of 1 named objects "1user:...", a namespace of another shape failed at
// the first request.
describe('createDurableObjectSessionStorage given options a programming mistake gives', () => {
  it('refuses each with a TypeError naming the option', TEST, async () => {
    const answers = await call(new CookieJar(), 'options', 'refused');
    for (const [label, answer] of Object.entries(answers)) {
      assert.match(answer, new RegExp(`^TypeError: createDurableObjectSessionStorage: ${label.split(' ')[0]} must be`), label);
    }
    assert.equal(Object.keys(answers).length, 8);
  });
});
