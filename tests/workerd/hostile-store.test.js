// What a visitor sees when the store holds values this library never wrote: another app's over a shared KV
// namespace or Durable Object class, a hand edit in the dashboard, a writer with a leaked API token. Each gives a
// fresh session (no cookie on a read; a change gets a new ID) or, for marks and index keys, is read as none: never a
// 500, a half-written cookie nor another user's session. Through a real workerd's local KV and Durable Objects
// (hostile-store-worker), the values put there by hand first.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CookieJar } from '../helpers/cookie-jar.js';
import { startWorker } from '../helpers/start-worker.js';
import { jsonOrText } from '../helpers/json-or-text.js';

let worker;
before(async () => {
  worker = await startWorker({ config: fileURLToPath(new URL('./hostile-store-worker/wrangler.toml', import.meta.url)), logLevel: 'none' });
}, { timeout: 60_000 });
after(() => worker?.dispose());

const TEST = { timeout: 120_000 };
let users = 0;
const newUser = () => `u-${process.pid}-${++users}`;

async function call(jar, path, { method = 'POST', body } = {}) {
  const init = { method, signal: AbortSignal.timeout(60_000), ...(body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}) };
  const { response, setCookies } = await jar.fetch(new URL(path, worker.url), init);
  return { status: response.status, body: await jsonOrText(response), setCookies };
}
async function raw(path, body) {
  const answer = await call(new CookieJar(), `/raw/${path}`, body ? { body } : { method: 'GET' });
  assert.equal(answer.status, 200, `raw ${path}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}
async function signedIn(store, user) {
  const jar = new CookieJar();
  assert.equal((await call(jar, `/${store}/login?user=${user}`)).status, 200);
  const { id } = (await call(jar, `/${store}/me`, { method: 'GET' })).body;
  if (store !== 'cookie') assert.match(id, /^[0-9a-f]{40}$/);
  return { jar, id };
}
/** A fresh session: read with no cookie sent back, and a change then written under a new ID. */
async function assertFresh(jar, store, id, label) {
  const read = await call(jar, `/${store}/me`, { method: 'GET' });
  assert.equal(read.status, 200, `${label}: ${JSON.stringify(read.body)}`);
  assert.deepEqual([read.body.user, read.body.id, read.body.keys], [null, '', []], label);
  assert.deepEqual(read.setCookies, [], `${label}: a read sets no cookie`);
  const change = await call(jar, `/${store}/incr`);
  assert.equal(change.status, 200, label);
  assert.equal(change.body.count, 1, label);
  assert.equal(change.setCookies.length, 1, `${label}: one cookie, whole`);
  const after = await call(jar, `/${store}/me`, { method: 'GET' });
  assert.match(after.body.id, /^[0-9a-f]{40}$/, label);
  assert.notEqual(after.body.id, id, `${label}: never the ID the foreign record sits under`);
}

const FOREIGN_RECORDS = {
  'not JSON': 'not json {',
  empty: '',
  'an array': '[1,2,3]',
  'a number': '42',
  null: 'null',
  'a string': '"hello"',
  'nested 100,000 levels': '['.repeat(100_000) + ']'.repeat(100_000),
  'an object nested 5,000 levels': '{"a":'.repeat(5000) + '1' + '}'.repeat(5000),
  '10 MB of data': JSON.stringify({ userId: 'someone', blob: 'x'.repeat(10 * 1024 * 1024) }),
  'times that are no times': '{"userId":"someone","__es__":"garbage"}',
  'times of the wrong arity': '{"userId":"someone","__es__":[1,2,3,4,5,6,7]}',
  'times far in the past': '{"userId":"someone","__es__":[1,1,1,1]}',
  'times far in the future': '{"userId":"someone","__es__":[9e15,9e15,9e15,9e15]}',
  'a byte-order mark': '\ufeff{"userId":"someone"}',
};

describe('A Workers KV session record this library did not write', () => {
  for (const [name, value] of Object.entries(FOREIGN_RECORDS)) {
    it(`reads as a fresh session: ${name}`, TEST, async () => {
      const { jar, id } = await signedIn('kv', newUser());
      await raw('kv-put', { key: `session:${id}`, value });
      await assertFresh(jar, 'kv', id, name);
    });
  }

  it('whose metadata says it expired reads as a fresh session; metadata of another shape is left to the record', TEST, async () => {
    const expired = await signedIn('kv', newUser());
    const { value } = await raw(`kv-get?key=session:${expired.id}`);
    await raw('kv-put', { key: `session:${expired.id}`, value, options: { metadata: { expires: 1 } } });
    await assertFresh(expired.jar, 'kv', expired.id, 'expires: 1');
    for (const metadata of [{ expires: 'soon' }, [1, 2], null]) {
      const user = newUser();
      const { jar, id } = await signedIn('kv', user);
      const stored = await raw(`kv-get?key=session:${id}`);
      await raw('kv-put', { key: `session:${id}`, value: stored.value, options: { metadata } });
      const read = await call(jar, '/kv/me', { method: 'GET' });
      assert.deepEqual([read.status, read.body.user, read.body.id], [200, user, id], JSON.stringify(metadata));
    }
  });

  it('with __proto__ and constructor keys keeps them as data: no prototype is set from them', TEST, async () => {
    const { jar, id } = await signedIn('kv', newUser());
    const { value } = await raw(`kv-get?key=session:${id}`);
    const record = JSON.parse(value);
    await raw('kv-put', { key: `session:${id}`, value: JSON.stringify(record).replace('{', '{"__proto__":{"userId":"admin"},"constructor":{"prototype":{"x":1}},') });
    const read = await call(jar, '/kv/me', { method: 'GET' });
    assert.equal(read.status, 200);
    assert.equal(read.body.user, record.userId, 'the own userId, not one a prototype gave');
    assert.deepEqual(read.body.keys.sort(), ['__proto__', 'constructor', 'userId']);
  });
});

describe('A Durable Object session entry another version or app wrote', () => {
  const ENTRIES = { 'a record that is an object': { record: { userId: 'x' }, expiresAt: null, version: 1 }, 'a record that is a number': { record: 42, version: 1 }, 'a bare string': '{"userId":"x"}', 'a number': 7, null: null, 'an array': [1, 2] };
  for (const [name, value] of Object.entries(ENTRIES)) {
    it(`reads as a fresh session, and its lease is given back: ${name}`, TEST, async () => {
      const { jar, id } = await signedIn('do', newUser());
      await raw('do-put', { name: id, key: 'session', value });
      await assertFresh(jar, 'do', id, name);
      // Its object is not held: the same cookie's next request does not wait out the lease.
      jar.set('__do', (await signedIn('do', newUser())).jar.get('__do'));
      assert.equal((await call(jar, '/do/me', { method: 'GET' })).status, 200);
    });
  }

  it('whose expiry or version is of another type is served, and written on', TEST, async () => {
    for (const extra of [{ expiresAt: 'tomorrow' }, { expiresAt: 1e300 }, { version: 'abc' }]) {
      const user = newUser();
      const { jar, id } = await signedIn('do', user);
      const entry = await raw(`do-get?name=${id}&key=session`);
      await raw('do-put', { name: id, key: 'session', value: { ...entry, ...extra } });
      for (const expected of [1, 2]) {
        const change = await call(jar, '/do/incr');
        assert.deepEqual([change.status, change.body.user, change.body.count], [200, user, expected], JSON.stringify(extra));
      }
    }
  });
});

describe('A revocation mark this library did not write', () => {
  for (const [store, prefix] of [['kv', 'session:'], ['cookie', 'edge-session:']]) {
    for (const mark of ['garbage', '{"at":"99999999999999"}', '{"at":-5}', '[1]', '{"at":null}', 'null']) {
      it(`is no revocation, and a revocation then writes its own (${store}, ${mark})`, TEST, async () => {
        const user = newUser();
        const kept = await signedIn(store, user);
        const other = await signedIn(store, user);
        const key = `${prefix}revoked:${await raw(`digest?user=${user}`)}`;
        await raw('kv-put', { key, value: mark });
        assert.equal((await call(other.jar, `/${store}/me`, { method: 'GET' })).body.user, user);
        const revoked = await call(kept.jar, `/${store}/revoke?user=${user}&except=1`);
        assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
        assert.equal(revoked.body.ended, 1);
        assert.ok(JSON.parse((await raw(`kv-get?key=${key}`)).value).at > 0, 'a mark of its own');
        assert.equal((await call(other.jar, `/${store}/me`, { method: 'GET' })).body.user, null, 'the other device is signed out');
        assert.equal((await call(kept.jar, `/${store}/me`, { method: 'GET' })).body.user, user, 'the kept one is not');
      });
    }
  }
});

describe("Keys under a KV user's index prefix that name no session", () => {
  it('are not listed, and a revocation deletes nothing they name', TEST, async () => {
    const ada = newUser();
    const bob = newUser();
    const { jar, id } = await signedIn('kv', ada);
    await signedIn('kv', bob);
    const bobDigest = await raw(`digest?user=${bob}`);
    await raw('kv-put', { key: `session:revoked:${bobDigest}`, value: JSON.stringify({ at: 5 }) });
    await raw('kv-put', { key: 'session:settings', value: 'another app' });
    const index = `session:user:${await raw(`digest?user=${ada}`)}:`;
    for (const suffix of [`revoked:${bobDigest}`, 'settings', 'garbage']) await raw('kv-put', { key: index + suffix, value: '', options: { metadata: { createdAt: Date.now(), lastSeenAt: Date.now() } } });
    assert.deepEqual((await call(jar, `/kv/list?user=${ada}`, { method: 'GET' })).body.map((entry) => entry.id), [id]);
    assert.equal((await call(jar, `/kv/revoke?user=${ada}`)).body.ended, 1);
    assert.equal((await raw(`kv-get?key=session:revoked:${bobDigest}`)).value, JSON.stringify({ at: 5 }));
    assert.equal((await raw('kv-get?key=session:settings')).value, 'another app');
  });
});
