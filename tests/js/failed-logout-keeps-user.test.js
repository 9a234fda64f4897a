// A server-side logout whose store delete fails (a transient backend error) must leave the session as it was: its
// user still known. Regression (review): destroySession forgot the user it read before deleting, so after one
// failed delete a retried logout removed the record but left it in the user's list (listUserSessions showed a
// signed-out device, revokeUserSessions counted it), and a commit of the session instead was taken for a new sign-in,
// stamped now, which a revocation made since its read would not cover.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionStorage, withSession } from 'edge-session';
import { callbacksOf, mapBackend } from './map-backend.js';
import { cookiePair } from './support.js';

const cookie = { name: '__session', secrets: ['s3cr3t'] };

/** A storage over `backend` whose deleteData fails once after `failOnce()`. */
function flakyStorage(backend) {
  const callbacks = callbacksOf(backend);
  let failNext = false;
  const deleteData = async (id) => {
    if (!failNext) return callbacks.deleteData(id);
    failNext = false;
    throw new Error('transient backend error');
  };
  const storage = createSessionStorage({ cookie, userKey: 'user', ...callbacks, deleteData });
  return { storage, failOnce: () => void (failNext = true) };
}

async function signIn(storage) {
  const session = await storage.getSession(null);
  session.set('user', 'ann');
  return cookiePair(await storage.commitSession(session));
}

describe('a logout whose store delete failed', () => {
  it('retried, it leaves neither the record nor the listing', async () => {
    const { storage, failOnce } = flakyStorage(mapBackend());
    const header = await signIn(storage);
    const session = await storage.getSession(header);
    failOnce();
    await assert.rejects(storage.destroySession(session), /transient/);
    assert.equal((await storage.listUserSessions('ann')).length, 1, 'listed while its record stays');
    await storage.destroySession(session);
    assert.equal((await storage.getSession(header)).get('user'), undefined, 'the record is gone');
    assert.deepEqual(await storage.listUserSessions('ann'), [], 'and so is its listing');
  });

  it('caught by the handler, withSession ends the session after it: no listing left', async () => {
    const { storage, failOnce } = flakyStorage(mapBackend());
    const header = await signIn(storage);
    const handler = withSession(storage, async (request, { session }) => {
      session.destroy();
      failOnce();
      await storage.destroySession(session).catch(() => {}); // the page is shown anyway
      return new Response('bye');
    });
    const response = await handler(new Request('https://x/logout', { method: 'POST', headers: { Cookie: header } }));
    assert.equal(response.status, 200);
    assert.match(response.headers.get('set-cookie') ?? '', /Max-Age=0/);
    assert.deepEqual(await storage.listUserSessions('ann'), []);
  });

  it('then committed instead, the session keeps its sign-in time', async () => {
    const backend = mapBackend();
    const { storage, failOnce } = flakyStorage(backend);
    const header = await signIn(storage);
    const [{ id }] = await storage.listUserSessions('ann');
    const signedInAt = () => {
      const data = backend.records.get(id).data;
      return (typeof data === 'string' ? JSON.parse(data) : data).__es__[3];
    };
    const before = signedInAt();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const session = await storage.getSession(header);
    failOnce();
    await assert.rejects(storage.destroySession(session));
    session.set('visits', 1);
    await storage.commitSession(session);
    assert.equal(signedInAt(), before);
  });
});
