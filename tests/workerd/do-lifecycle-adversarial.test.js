// Adversarial pass on the Durable Object storage's handling of a reset of a session's object (a deploy,
// ctx.abort()): the fallback that makes a commit or logout in the new instance must not undo a logout or a
// revocation, nor leave what the commit made behind, and a reset that lost a call's answer must leave the session sane.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CookieJar } from '../helpers/cookie-jar.js';
import { startWorker } from '../helpers/start-worker.js';

let worker;
before(async () => {
  worker = await startWorker({ config: fileURLToPath(new URL('./do-lifecycle-worker/wrangler.toml', import.meta.url)), logLevel: process.env.LOG ?? 'none' });
}, { timeout: 60_000 });
after(() => worker?.dispose());

let users = 0;
const newUser = (label = 'adv') => `${label}-${process.pid}-${++users}`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function call(jar, action, { method = 'POST', query = {}, store = 'do' } = {}) {
  const url = new URL(`/${store}/${action}`, worker.url);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  const { response, setCookies } = await jar.fetch(url, { method });
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body, set: setCookies.find((cookie) => cookie.name === '__session' || cookie.name === '__plain') };
}
async function ok(jar, action, options) {
  const answer = await call(jar, action, options);
  assert.equal(answer.status, 200, `${action}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}
async function device(user) {
  const jar = new CookieJar();
  assert.equal((await ok(jar, 'login', { query: { user } })).user, user);
  return jar;
}
const me = (jar) => ok(jar, 'me', { method: 'GET' });
const admin = (action, query) => ok(new CookieJar(), action, { method: 'GET', query });
const listed = async (user) => (await admin('list', { user })).map((entry) => entry.id).sort();
const replay = (cookie) => {
  const jar = new CookieJar();
  jar.set('__session', cookie);
  return jar;
};
const TEST = { timeout: 60_000 };

describe('A logout made in the new instance (another isolate) while a request of the session ran across the reset', () => {
  it("a regenerateId(true) of the signed-in user does not sign the browser in again", TEST, async () => {
    const user = newUser();
    const jar = await device(user);
    const { id } = await me(jar);
    const holder = call(jar, 'regen', { query: { ms: '700' } });
    await sleep(200);
    await admin('reset', { id });
    await admin('foreign-logout', { id, user }); // the other tab's logout, made in the new instance
    const late = await holder;
    const now = await me(jar);
    assert.equal(now.user, null, `the logout stands (rotation answered ${late.status}, ${JSON.stringify(late.body)})`);
    assert.deepEqual(await listed(user), [], 'no session left listed');
  });

  it("a regenerateId(true) does not sign the browser in again, its logout's unlisting not yet made", TEST, async () => {
    const user = newUser();
    const jar = await device(user);
    const { id } = await me(jar);
    const holder = call(jar, 'regen', { query: { ms: '700' } });
    await sleep(200);
    await admin('reset', { id });
    await admin('foreign-logout', { id }); // the record's delete landed; the unlisting follows
    const late = await holder;
    const now = await me(jar);
    assert.equal(now.user, null, `the logout stands (rotation answered ${late.status}, ${JSON.stringify(late.body)})`);
  });

  it('a regenerateId(true) without userKey does not sign the browser in again', TEST, async () => {
    const jar = new CookieJar();
    await ok(jar, 'login', { query: { user: 'plain-user' }, store: 'plain' });
    const { id } = await ok(jar, 'me', { method: 'GET', store: 'plain' });
    const holder = call(jar, 'regen', { query: { ms: '700' }, store: 'plain' });
    await sleep(200);
    await admin('reset', { id });
    await admin('foreign-logout', { id });
    const late = await holder;
    const now = await ok(jar, 'me', { method: 'GET', store: 'plain' });
    assert.equal(now.user, null, `the logout stands (rotation answered ${late.status}, ${JSON.stringify(late.body)})`);
  });

  it('a change of the session leaves no listing behind', TEST, async () => {
    const user = newUser();
    const jar = await device(user);
    const { id } = await me(jar);
    const holder = call(jar, 'incr', { query: { ms: '700' } });
    await sleep(200);
    await admin('reset', { id });
    await admin('foreign-logout', { id, user });
    await holder;
    assert.equal((await me(jar)).user, null);
    assert.deepEqual(await listed(user), [], 'the logged-out ID is not listed again');
  });
});

describe("A reset that lost a call's answer after the call did its work", () => {
  it("a commit whose write landed answers 200, and the session goes on", TEST, async () => {
    const user = newUser();
    const jar = await device(user);
    const { id } = await me(jar);
    await admin('arm', { id, method: 'write', kind: 'reset-before-reply' });
    const answer = await call(jar, 'incr');
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.deepEqual([(await me(jar)).user, (await me(jar)).count], [user, 1]);
    await ok(jar, 'incr');
    assert.equal((await me(jar)).count, 2);
  });

  // A move asked again cannot tell its own landed delete from another tab's logout (the move's note lived in the
  // reset memory): it fails, and its commit undoes what it made; nothing is left half-made, and a retry signs in.
  it('a sign-in with regenerateId(true) whose move landed fails whole, and signing in again works', TEST, async () => {
    const user = newUser();
    const jar = new CookieJar();
    await ok(jar, 'incr');
    const { id } = await me(jar);
    await admin('arm', { id, method: 'remove', kind: 'reset-before-reply' });
    const answer = await call(jar, 'login', { query: { user, regen: '1' } });
    assert.notEqual(answer.status, 200, JSON.stringify(answer.body));
    assert.deepEqual(await listed(user), [], 'no new ID left listed');
    assert.equal((await me(jar)).user, null);
    await ok(jar, 'login', { query: { user, regen: '1' } });
    const now = await me(jar);
    assert.equal(now.user, user);
    assert.deepEqual(await listed(user), [now.id]);
  });
});

describe("A revocation whose session's object is reset as it is revoked", () => {
  it('ends the session, and answers so', TEST, async () => {
    const user = newUser();
    const jar = await device(user);
    const { id } = await me(jar);
    await admin('arm', { id, method: 'revoke', kind: 'reset' });
    const answer = await admin('revoke', { user });
    assert.equal(answer.error, undefined, answer.error);
    assert.equal((await me(jar)).user, null);
  });
});
