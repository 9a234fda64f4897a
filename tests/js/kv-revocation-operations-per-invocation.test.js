// Workers KV allows 1,000 operations per Worker invocation ("Operations/Worker invocation: 1000", Free and Paid;
// https://developers.cloudflare.com/kv/platform/limits/), past which each call throws "Too many API requests by
// single worker invocation."; and a list reflects changes only after up to 60 s ("Changes may take up to 60
// seconds ... to be reflected", https://developers.cloudflare.com/kv/api/list-keys/). So sign-ins within one
// minute are not seen by each other's count (kv.list) and a user's index can pass the 100 kept; a revocation
// that deletes two keys per listed session then passes 1,000 operations with ~500 sessions listed.
// README (Limits): "a revocation of a user's 100 sessions makes ~200 KV calls ..., within the 1,000 per invocation".
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createWorkersKVSessionStorage, withSession } from '../../js/index.node.js';
import { mapKV } from './map-kv.js';

const cookie = { name: '__session', secrets: ['s3cr3t'], maxAge: 7 * 24 * 3600 };
const MAX_OPERATIONS = 1000;

/** A KV namespace as a Worker sees it: at most 1,000 calls per invocation; lists served from a cache until lapse(). */
function deployedKV() {
  const kv = mapKV();
  let operations = 0;
  const lists = new Map();
  const counted = (name) => {
    const original = kv[name];
    kv[name] = async function (...args) {
      if (++operations > MAX_OPERATIONS) throw new Error('Too many API requests by single worker invocation.');
      return original.apply(this, args);
    };
  };
  const list = kv.list;
  kv.list = async function (options) {
    const key = JSON.stringify(options ?? {});
    if (!lists.has(key)) lists.set(key, await list.call(this, options));
    return lists.get(key);
  };
  for (const name of ['get', 'put', 'delete', 'list']) counted(name);
  return {
    kv,
    /** A new invocation: its own 1,000. */
    invocation: () => (operations = 0),
    operations: () => operations,
    /** The listing's cache lapses (60 s later). */
    lapse: () => lists.clear(),
  };
}

it('"sign out of all devices" of a user with 600 sessions signed in within a minute stays within 1,000 KV operations per invocation', { timeout: 120_000 }, async (t) => {
  t.mock.method(console, 'error', () => {});
  const { kv, invocation, operations, lapse } = deployedKV();
  const storage = createWorkersKVSessionStorage({ cookie, userKey: 'userId', kv });
  const app = withSession(storage, async (request, { session }) => {
    if (new URL(request.url).pathname === '/login') {
      session.set('userId', 'ada');
      session.regenerateId(true);
    }
    return new Response(session.get('userId') ?? 'nobody');
  });
  const post = (path, cookieHeader) => {
    invocation();
    return app(new Request(`https://app.test${path}`, { method: 'POST', headers: cookieHeader ? { Cookie: cookieHeader } : {} }));
  };
  const devices = [];
  for (let i = 0; i < 600; i++) devices.push((await post('/login')).headers.get('set-cookie').split(';')[0]);
  lapse();
  invocation();
  await assert.doesNotReject(storage.revokeUserSessions('ada'), 'the revocation within the invocation\'s 1,000 KV operations');
  assert.ok(operations() <= MAX_OPERATIONS, `${operations()} operations`);
  for (const device of [devices[0], devices[299], devices[599]]) assert.equal(await (await post('/page', device)).text(), 'nobody');
  lapse();
  invocation();
  assert.deepEqual(await storage.listUserSessions('ada'), []);
});

it('the first sign-in that sees 600 sessions of its user ends those past the 100 kept within 1,000 KV operations, over as many sign-ins as it takes', { timeout: 120_000 }, async (t) => {
  const logged = t.mock.method(console, 'error', () => {});
  const { kv, invocation, operations, lapse } = deployedKV();
  const storage = createWorkersKVSessionStorage({ cookie, userKey: 'userId', kv });
  const app = withSession(storage, async (request, { session }) => {
    session.set('userId', 'ada');
    session.regenerateId(true);
    return new Response('ok');
  });
  const login = () => {
    invocation();
    return app(new Request('https://app.test/login', { method: 'POST' }));
  };
  for (let i = 0; i < 600; i++) await login();
  for (let i = 0; i < 2; i++) {
    lapse();
    assert.equal((await login()).status, 200);
    assert.ok(operations() <= MAX_OPERATIONS, `${operations()} operations`);
  }
  assert.deepEqual(logged.mock.calls.map((call) => String(call.arguments[0])), [], 'no count nor end failed');
  lapse();
  invocation();
  assert.equal((await storage.listUserSessions('ada')).length, 100);
});
